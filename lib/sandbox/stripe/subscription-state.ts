import "server-only";
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

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** `anchor` plus n intervals; months clamp to the month's last day, as Stripe does. */
export function addIntervals(anchor: number, recurring: Pick<Recurring, "interval" | "interval_count">, n: number): number {
  const date = new Date(anchor * 1000);
  const steps = recurring.interval_count * n;
  if (recurring.interval === "day") return anchor + steps * 86_400;
  if (recurring.interval === "week") return anchor + steps * 7 * 86_400;
  const months = recurring.interval === "year" ? steps * 12 : steps;
  const totalMonth = date.getUTCMonth() + months;
  const year = date.getUTCFullYear() + Math.floor(totalMonth / 12);
  const month = ((totalMonth % 12) + 12) % 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  return Math.floor(
    Date.UTC(year, month, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()) / 1000,
  );
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
