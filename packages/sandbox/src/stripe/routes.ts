import { Router } from "../http/router";
import { registerAccountLinks } from "./account-links";
import { registerAccounts } from "./accounts";
import { registerCheckoutSessions } from "./checkout-sessions";
import { registerCustomers } from "./customers";
import { registerInvoiceActions } from "./invoice-actions";
import { registerInvoiceItems } from "./invoice-items";
import { registerInvoices } from "./invoices";
import { registerCatalog } from "./products";
import { registerSubscriptionCreate } from "./subscription-create";
import { registerSubscriptions } from "./subscriptions";
import { registerTestClocks } from "./test-clocks";
import { registerWebhooksAndEvents } from "./webhook-endpoints";

export function createStripeRouter(): Router {
  const router = new Router();
  registerAccounts(router);
  registerAccountLinks(router);
  registerCatalog(router);
  registerCustomers(router);
  registerCheckoutSessions(router);
  registerSubscriptions(router);
  registerSubscriptionCreate(router);
  registerInvoices(router);
  registerInvoiceActions(router);
  registerInvoiceItems(router);
  registerTestClocks(router);
  registerWebhooksAndEvents(router);
  return router;
}
