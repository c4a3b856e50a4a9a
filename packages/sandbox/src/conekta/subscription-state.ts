import { addIntervals } from "../calendar";
import type { SandboxEngine } from "../engine";
import { conektaId } from "../ids";
import { chargeOrder, insertOrder } from "./billing";
import { invalidParam } from "./errors";
import { changedAttributes, emitEvent } from "./events";
import type { CustomerModel, PlanModel, SubscriptionModel } from "./models";
import type { OrderModel } from "./models-orders";
import { currentSubscription, renderSubscription } from "./render";

// Conekta's subscription state machine (the seed guide): in_trial → active ⇄ past_due → canceled,
// active ⇄ paused. Every change of a subscription goes through transition(), which emits the
// event with `previous_attributes`.

const DAY = 86_400;
type Obj = Record<string, unknown>;

function transition(engine: SandboxEngine, account: string, sub: SubscriptionModel, type: string, before: Obj, mutate: (s: SubscriptionModel) => void): void {
  mutate(sub);
  engine.conekta.touch();
  const after = renderSubscription(engine, account, sub);
  emitEvent(engine, account, type, after, changedAttributes(before, after));
}

/** Applies `mutate` and emits `type` (subscription.updated, .paused, .resumed, …). */
export function changeSubscription(engine: SandboxEngine, account: string, sub: SubscriptionModel, type: string, mutate: (s: SubscriptionModel) => void): void {
  transition(engine, account, sub, type, renderSubscription(engine, account, sub), mutate);
}

function planOf(engine: SandboxEngine, account: string, sub: SubscriptionModel): PlanModel {
  const plan = engine.conekta.get("plan", sub.plan_id, account);
  if (!plan) throw new Error(`Subscription ${sub.id} refers to a missing plan ${sub.plan_id}`);
  return plan;
}

/** The end of a cycle starting at `start`; a half month is 15 days. */
function cycleEnd(start: number, plan: PlanModel): number {
  if (plan.interval === "half_month") return start + plan.frequency * 15 * DAY;
  return addIntervals(start, { interval: plan.interval, interval_count: plan.frequency }, 1);
}

/**
 * Charges the cycle's order with the subscription's card: paid → active; declined → past_due
 * with a retry in `retry_delay_hours`, or canceled once `max_retries` retries have failed.
 */
function collect(engine: SandboxEngine, account: string, sub: SubscriptionModel, order: OrderModel, recurring: boolean, before: Obj): boolean {
  const plan = planOf(engine, account, sub);
  const customer = engine.conekta.get("customer", sub.customer_id, account);
  const card = engine.conekta.get("payment_source", sub.card_id ?? customer?.default_payment_source_id ?? "", account);
  const charge = card ? chargeOrder(engine, account, order, { card, paymentSourceId: card.id }, recurring) : null;
  if (charge?.status === "paid") {
    transition(engine, account, sub, "subscription.paid", before, (s) => {
      s.status = "active";
      s.charge_id = charge.id;
      s.retries = 0;
      s.next_retry_at = null;
    });
    return true;
  }
  const exhausted = sub.status === "past_due" && sub.retries >= plan.max_retries;
  transition(engine, account, sub, "subscription.payment_failed", before, (s) => {
    s.status = "past_due";
    s.charge_id = charge?.id ?? s.charge_id;
    s.next_retry_at = exhausted ? null : engine.now() + plan.retry_delay_hours * 3600;
  });
  if (exhausted) cancelSubscription(engine, account, sub, "payment_failed");
  return false;
}

/** Starts a billing cycle now and charges it; `order` is the hosted checkout's, for the first cycle. */
export function startCycle(engine: SandboxEngine, account: string, sub: SubscriptionModel, recurring: boolean, order?: OrderModel): boolean {
  const before = renderSubscription(engine, account, sub);
  const plan = planOf(engine, account, sub);
  const customer = engine.conekta.get("customer", sub.customer_id, account);
  const cycleOrder =
    order ??
    insertOrder(engine, account, {
      currency: plan.currency,
      customer_info: { customer_id: sub.customer_id, name: customer?.name ?? null, email: customer?.email ?? null, phone: customer?.phone ?? null, corporate: customer?.corporate ?? false },
      line_items: [{ id: conektaId("line_item"), name: plan.name, unit_price: plan.amount, quantity: 1, sku: plan.id, description: null, metadata: {} }],
      metadata: { subscription_id: sub.id },
      payment_status: "pending_payment",
      checkout_id: null,
      processing_mode: "recurrent",
    });
  const now = engine.now();
  sub.billing_cycle_start = now;
  sub.billing_cycle_end = cycleEnd(now, plan);
  sub.last_billing_cycle_order_id = cycleOrder.id;
  sub.cycles_billed += 1;
  sub.retries = 0;
  sub.next_retry_at = null;
  return collect(engine, account, sub, cycleOrder, recurring, before);
}

/** A scheduled or manual retry of the current cycle's payment. */
export function retryPayment(engine: SandboxEngine, account: string, sub: SubscriptionModel): boolean {
  const before = renderSubscription(engine, account, sub);
  const order = engine.conekta.get("order", sub.last_billing_cycle_order_id ?? "", account);
  if (!order) throw new Error(`Subscription ${sub.id} has no order to retry`);
  sub.retries += 1;
  return collect(engine, account, sub, order, true, before);
}

/** At the end of a cycle (or trial): the plan's last cycle expires it, otherwise the next one is billed. */
export function renew(engine: SandboxEngine, account: string, sub: SubscriptionModel): void {
  const plan = planOf(engine, account, sub);
  if (sub.status === "active" && plan.expiry_count !== null && sub.cycles_billed >= plan.expiry_count) {
    changeSubscription(engine, account, sub, "subscription.expired", (s) => {
      s.status = "canceled";
      s.canceled_at = engine.now();
      s.canceled_reason = "expired";
    });
    return;
  }
  startCycle(engine, account, sub, true);
}

export function cancelSubscription(engine: SandboxEngine, account: string, sub: SubscriptionModel, reason: string): void {
  changeSubscription(engine, account, sub, "subscription.canceled", (s) => {
    s.status = "canceled";
    s.canceled_at = engine.now();
    s.canceled_reason = reason;
    s.next_retry_at = null;
  });
}

interface NewSubscription {
  cardId: string | null;
  trialEnd?: number;
  /** The hosted checkout's order pays the first cycle. */
  firstOrder?: OrderModel;
}

/**
 * Subscribes a customer (one live subscription per customer, as the seed guide says):
 * `subscription.created`, then the first cycle is charged unless the plan has a trial.
 */
export function createSubscription(engine: SandboxEngine, account: string, customer: CustomerModel, plan: PlanModel, input: NewSubscription): SubscriptionModel {
  if (currentSubscription(engine, account, customer.id)) {
    throw invalidParam("customer_id", "The customer already has an active subscription; cancel it or update its plan.", "active_subscription_exists");
  }
  const now = engine.now();
  const trialEnd = input.trialEnd ?? (plan.trial_period_days > 0 ? now + plan.trial_period_days * DAY : null);
  const sub = engine.conekta.insert("subscription", account, {
    id: conektaId("sub"),
    created_at: now,
    customer_id: customer.id,
    plan_id: plan.id,
    card_id: input.cardId ?? customer.default_payment_source_id,
    status: trialEnd ? "in_trial" : "active",
    subscription_start: now,
    billing_cycle_start: null,
    billing_cycle_end: null,
    trial_start: trialEnd ? now : null,
    trial_end: trialEnd,
    paused_at: null,
    canceled_at: null,
    canceled_reason: null,
    charge_id: null,
    last_billing_cycle_order_id: null,
    cycles_billed: 0,
    retries: 0,
    next_retry_at: null,
  });
  emitEvent(engine, account, "subscription.created", renderSubscription(engine, account, sub));
  // The buyer is present for the first charge (4000 0000 0000 0341 passes it, then fails renewals).
  if (!trialEnd) startCycle(engine, account, sub, false, input.firstOrder);
  return sub;
}
