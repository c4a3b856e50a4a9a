import type { SandboxEngine } from "../engine";
import { newId } from "../ids";
import { createCustomerModel, createTaxIdModel, updateCustomer } from "./customers";
import { collectInvoice, createSubscriptionInvoice } from "./invoicing";
import type { PaymentMethodModel } from "./models";
import type { CheckoutSessionModel, SubscriptionModel } from "./models-billing";
import { createPaymentMethod } from "./payments";
import { renderSubscription } from "./render-billing";
import { renderCheckoutSession } from "./render-checkout";
import { completeOneTimeCheckout } from "./checkout-complete-modes";
import { nextPeriodEnd } from "./subscription-state";

export interface BuyerInput {
  email: string;
  name: string | null;
  country: string | null;
  postalCode: string | null;
  taxId: { type: string; value: string } | null;
  card: Pick<PaymentMethodModel, "behavior" | "decline_code" | "brand" | "last4" | "exp_month" | "exp_year">;
}

/**
 * Completes a subscription-mode session the way Stripe does after a successful
 * confirmation: customer, payment method, subscription, first invoice and its
 * payment, then `checkout.session.completed` last.
 */
export function completeCheckout(engine: SandboxEngine, scope: string, session: CheckoutSessionModel, buyer: BuyerInput): void {
  if (session.mode !== "subscription") {
    completeOneTimeCheckout(engine, scope, session, buyer);
    return;
  }
  const address = { country: buyer.country, postal_code: buyer.postalCode };
  let customer = session.customer ? engine.store.get("customer", session.customer) : undefined;
  if (!customer) {
    customer = createCustomerModel(engine, scope, { email: buyer.email, name: buyer.name, address });
  } else if (session.automatic_tax && buyer.country) {
    updateCustomer(engine, scope, customer, (c) => (c.address = address));
  }
  const pm = createPaymentMethod(engine, scope, buyer.card, customer.id, buyer.email);
  if (buyer.taxId) createTaxIdModel(engine, scope, customer.id, buyer.taxId.type, buyer.taxId.value);

  const now = engine.now();
  const trialEnd = session.trial_period_days ? now + session.trial_period_days * 86_400 : null;
  const sub: SubscriptionModel = engine.store.insert("subscription", scope, {
    id: newId("sub"),
    created: now,
    customer: customer.id,
    status: trialEnd ? "trialing" : "incomplete",
    items: [],
    metadata: { ...session.subscription_metadata },
    description: null,
    currency: session.currency,
    billing_cycle_anchor: trialEnd ?? now,
    start_date: now,
    cancel_at_period_end: false,
    cancel_at: null,
    canceled_at: null,
    ended_at: null,
    cancellation_reason: null,
    trial_start: trialEnd ? now : null,
    trial_end: trialEnd,
    latest_invoice: null,
    default_payment_method: pm.id,
    pause_collection: null,
    automatic_tax: session.automatic_tax,
    tax_country: buyer.country,
    trial_will_end_notified: false,
  });
  const firstPrice = engine.store.get("price", session.line_items[0]?.price ?? "");
  const recurring = firstPrice?.recurring ?? { interval: "month" as const, interval_count: 1 };
  const periodEnd = trialEnd ?? nextPeriodEnd(now, recurring, now);
  sub.items = session.line_items.map((item) => ({
    id: newId("si"),
    created: now,
    price: item.price,
    quantity: item.quantity,
    current_period_start: now,
    current_period_end: periodEnd,
  }));
  engine.emit(scope, "customer.subscription.created", renderSubscription(engine, sub));

  const invoice = createSubscriptionInvoice(engine, scope, sub, {
    reason: "subscription_create",
    periodStart: now,
    periodEnd,
    trial: trialEnd !== null,
  });
  collectInvoice(engine, scope, invoice, true);

  session.status = "complete";
  session.payment_status = invoice.total === 0 ? "no_payment_required" : invoice.status === "paid" ? "paid" : "unpaid";
  session.customer = customer.id;
  session.subscription = sub.id;
  session.invoice = invoice.id;
  session.amount_subtotal = invoice.subtotal;
  session.amount_tax = invoice.tax;
  session.amount_total = invoice.total;
  session.customer_details = {
    email: buyer.email,
    name: buyer.name,
    address,
    tax_ids: buyer.taxId ? [buyer.taxId] : [],
  };
  session.last_error = null;
  engine.store.touch();
  engine.emit(scope, "checkout.session.completed", renderCheckoutSession(engine, session));
}
