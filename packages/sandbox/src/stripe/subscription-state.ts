import { addIntervals } from "../calendar";
import { previousAttributes, type SandboxEngine } from "../engine";
import type { Recurring } from "./models";
import type { SubscriptionModel } from "./models-billing";
import { renderSubscription } from "./render-billing";

/** The single writer for subscriptions: emits `customer.subscription.updated` with the diff. */
export function updateSubscription(
  engine: SandboxEngine,
  scope: string,
  sub: SubscriptionModel,
  mutate: (s: SubscriptionModel) => void,
): void {
  const before = renderSubscription(engine, sub);
  mutate(sub);
  engine.store.touch();
  const after = renderSubscription(engine, sub);
  const previous = previousAttributes(before, after);
  if (previous) engine.emit(scope, "customer.subscription.updated", after, previous);
}

export function cancelSubscription(engine: SandboxEngine, scope: string, sub: SubscriptionModel, reason: string): void {
  const now = engine.now();
  sub.status = "canceled";
  sub.canceled_at ??= now;
  sub.ended_at = now;
  sub.cancellation_reason = reason;
  sub.cancel_at_period_end = false;
  engine.store.touch();
  engine.emit(scope, "customer.subscription.deleted", renderSubscription(engine, sub));
}

/** The first period boundary after `after`, counted from the billing cycle anchor (no drift). */
export function nextPeriodEnd(anchor: number, recurring: Pick<Recurring, "interval" | "interval_count">, after: number): number {
  let n = 1;
  let end = addIntervals(anchor, recurring, n);
  while (end <= after) {
    n += 1;
    end = addIntervals(anchor, recurring, n);
  }
  return end;
}

export function recurringOf(engine: SandboxEngine, sub: SubscriptionModel): Recurring {
  const priceId = sub.items[0]?.price;
  const price = priceId ? engine.store.get("price", priceId) : undefined;
  return price?.recurring ?? { interval: "month", interval_count: 1, trial_period_days: null };
}

export function periodEnd(sub: SubscriptionModel): number {
  return sub.items[0]?.current_period_end ?? sub.billing_cycle_anchor;
}
