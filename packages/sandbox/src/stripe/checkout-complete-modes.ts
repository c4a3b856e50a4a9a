import type { SandboxEngine } from "../engine";
import type { BuyerInput } from "./checkout-complete";
import { createCustomerModel } from "./customers";
import type { CheckoutSessionModel } from "./models-billing";
import { chargeForInvoice, createPaymentMethod } from "./payments";
import { renderCheckoutSession } from "./render-checkout";

/**
 * Completes a payment- or setup-mode session. Payment: one PaymentIntent for the line items
 * (payment_intent.created, charge.succeeded, payment_intent.succeeded), then
 * checkout.session.completed. Setup: the card is saved to the customer, no charge.
 * A customer is created only when the session names one or `customer_creation=always`
 * (Stripe's `if_required` default makes none for a one-time payment).
 */
export function completeOneTimeCheckout(engine: SandboxEngine, scope: string, session: CheckoutSessionModel, buyer: BuyerInput): void {
  let customerId = session.customer;
  if (!customerId && session.customer_creation === "always") {
    customerId = createCustomerModel(engine, scope, { email: buyer.email, name: buyer.name }).id;
  }
  const pm = createPaymentMethod(engine, scope, buyer.card, customerId, buyer.email);
  if (session.mode === "payment") {
    const { paymentIntent } = chargeForInvoice(
      engine,
      scope,
      { invoiceId: null, customer: customerId, amount: session.amount_total, currency: session.currency, paymentIntent: null, hostedPage: true },
      pm,
    );
    session.payment_intent = paymentIntent.id;
    session.payment_status = "paid";
  } else {
    session.payment_status = "no_payment_required";
  }
  session.status = "complete";
  session.customer = customerId;
  session.customer_details = { email: buyer.email, name: buyer.name, address: { country: buyer.country, postal_code: buyer.postalCode }, tax_ids: [] };
  session.last_error = null;
  engine.store.touch();
  engine.emit(scope, "checkout.session.completed", renderCheckoutSession(engine, session));
}
