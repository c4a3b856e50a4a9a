import { Router } from "../http/router";
import type { ConektaContext } from "./api";
import { registerCustomers } from "./customers";
import { registerEvents } from "./event-routes";
import { registerFiscalEntities } from "./fiscal-entities";
import { registerOrders } from "./orders";
import { registerPaymentSources } from "./payment-sources";
import { registerPlans } from "./plans";
import { registerSubscriptions } from "./subscriptions";
import { registerTokens } from "./tokens";
import { registerWebhookKeys } from "./webhook-keys";
import { registerWebhooks } from "./webhooks";

/** Conekta API 2.3 routes, relative to the `/conekta` prefix. */
export function createConektaRouter(): Router<ConektaContext> {
  const router = new Router<ConektaContext>();
  registerCustomers(router);
  registerPaymentSources(router);
  registerFiscalEntities(router);
  registerPlans(router);
  registerSubscriptions(router);
  registerOrders(router);
  registerWebhooks(router);
  registerWebhookKeys(router);
  registerEvents(router);
  registerTokens(router);
  return router;
}
