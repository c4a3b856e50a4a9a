import type { SandboxEngine } from "../engine";
import { chargeOrder } from "./billing";
import { attachCard, type CardSpec } from "./cards";
import { insertCustomer } from "./customers";
import { invalidParam, notFound } from "./errors";
import type { CheckoutModel, OrderModel } from "./models-orders";
import { currentSubscription } from "./render";
import { createSubscription } from "./subscription-state";

export interface Buyer {
  name: string;
  email: string;
  phone: string;
  card: CardSpec;
  /** The plan chosen among the checkout's plan_ids, if it sells a subscription. */
  planId: string | null;
}

/**
 * Pays a hosted checkout. With a plan: the customer (new, or the order's), the card, the
 * subscription; the order pays its first cycle (or, with a trial, is charged on its own).
 * Without: the order is charged with the card, nothing is saved.
 */
export function completeCheckout(engine: SandboxEngine, account: string, checkout: CheckoutModel, order: OrderModel, buyer: Buyer): void {
  const accountModel = engine.conekta.get("account", account, account);
  if (!accountModel) throw notFound("Account", account);
  const ctx = { engine, account: accountModel };
  if (buyer.planId) {
    const plan = engine.conekta.get("plan", buyer.planId, account);
    if (!plan) throw notFound("Plan", buyer.planId);
    const existing = order.customer_info.customer_id ? engine.conekta.get("customer", order.customer_info.customer_id, account) : undefined;
    if (existing && currentSubscription(engine, account, existing.id)) {
      throw invalidParam("customer_id", "This customer already has an active subscription.", "active_subscription_exists");
    }
    const customer = existing ?? insertCustomer(ctx, { name: buyer.name, email: buyer.email, phone: buyer.phone });
    const card = attachCard(engine, account, customer.id, buyer.card, buyer.name);
    order.customer_info = { customer_id: customer.id, name: customer.name, email: customer.email, phone: customer.phone, corporate: customer.corporate };
    const sub = createSubscription(engine, account, customer, plan, { cardId: card.id, firstOrder: order });
    if (sub.status === "in_trial") chargeOrder(engine, account, order, { card, paymentSourceId: card.id }, false);
  } else {
    chargeOrder(engine, account, order, { card: { ...buyer.card, name: buyer.name }, paymentSourceId: null }, false);
  }
  checkout.status = "Finalized";
  checkout.paid_payments_count += 1;
  engine.conekta.touch();
}
