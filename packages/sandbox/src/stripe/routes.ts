import { Router } from "../http/router";
import { registerAccountLinks } from "./account-links";
import { registerAccounts } from "./accounts";
import { registerCheckoutSessions } from "./checkout-sessions";
import { registerCustomers } from "./customers";
import { registerInvoiceActions } from "./invoice-actions";
import { registerInvoiceItems } from "./invoice-items";
import { registerInvoices } from "./invoices";
import { registerCharges } from "./charges";
import { registerPaymentIntents } from "./payment-intents";
import { registerPaymentMethods } from "./payment-methods";
import { registerCatalog } from "./products";
import { registerRefundsAndDisputes } from "./refunds";
import { registerSubscriptionCreate } from "./subscription-create";
import { registerSubscriptions } from "./subscriptions";
import { registerTestClocks } from "./test-clocks";
import { registerTransfers } from "./transfers";
import { registerWebhooksAndEvents } from "./webhook-endpoints";

export function createStripeRouter(): Router {
  const router = new Router();
  registerAccounts(router);
  registerAccountLinks(router);
  registerCatalog(router);
  registerCustomers(router);
  // The payments API first: it answers GET /v1/payment_intents/:id and /v1/charges/:id too.
  registerPaymentIntents(router);
  registerPaymentMethods(router);
  registerCharges(router);
  registerRefundsAndDisputes(router);
  registerTransfers(router);
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
