import { Router } from "../http/router";
import { registerAccountLinks } from "./account-links";
import { registerAccounts } from "./accounts";
import { registerCheckoutSessions } from "./checkout-sessions";
import { registerCustomers } from "./customers";
import { registerInvoices } from "./invoices";
import { registerCatalog } from "./products";
import { registerSubscriptions } from "./subscriptions";
import { registerWebhooksAndEvents } from "./webhook-endpoints";

export function createStripeRouter(): Router {
  const router = new Router();
  registerAccounts(router);
  registerAccountLinks(router);
  registerCatalog(router);
  registerCustomers(router);
  registerCheckoutSessions(router);
  registerSubscriptions(router);
  registerInvoices(router);
  registerWebhooksAndEvents(router);
  return router;
}
