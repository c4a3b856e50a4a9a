import type { SandboxEngine } from "../engine";
import { chargeOrder } from "./billing";
import { attachCard } from "./cards";
import { insertCustomer } from "./customers";
import { invalidParam, notFound } from "./errors";
import type { CheckoutModel, OrderModel } from "./models-orders";
import { currentSubscription } from "./render";
import { createSubscription } from "./subscription-state";
import { spendToken } from "./tokens";

export interface Buyer {
  name: string;
  email: string;
  phone: string;
  /** The one-time token the tokenizer made from the buyer's card. */
  tokenId: string;
  /** The plan chosen among the checkout's plan_ids, if it sells a subscription. */
  planId: string | null;
}

/**
 * Pays a hosted checkout the way the seed guide's tokenizer flow does. With a plan: a customer
 * with the token as payment source (or the order's customer, the token added to it), then the
 * subscription; the order pays its first cycle (or, with a trial, is charged on its own).
 * Without: the order is charged with the token's card, nothing is saved.
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
    const source = spendToken(engine, account, buyer.tokenId);
    const customer = existing ?? insertCustomer(ctx, { name: buyer.name, email: buyer.email, phone: buyer.phone }, [source]);
    const card = existing
      ? attachCard(engine, account, customer.id, source, buyer.name)
      : engine.conekta.get("payment_source", customer.default_payment_source_id ?? "", account);
    if (!card) throw new Error(`Customer ${customer.id} has no card after the tokenizer flow`);
    order.customer_info = { customer_id: customer.id, name: customer.name, email: customer.email, phone: customer.phone, corporate: customer.corporate };
    const sub = createSubscription(engine, account, customer, plan, { cardId: card.id, firstOrder: order });
    if (sub.status === "in_trial") chargeOrder(engine, account, order, { card, paymentSourceId: card.id }, false);
  } else {
    chargeOrder(engine, account, order, { card: { ...spendToken(engine, account, buyer.tokenId), name: buyer.name }, paymentSourceId: null }, false);
  }
  checkout.status = "Finalized";
  checkout.paid_payments_count += 1;
  engine.conekta.touch();
}
