import type { SandboxEngine } from "../engine";
import { collectInvoice, createSubscriptionInvoice } from "./invoicing";
import type { SubscriptionModel } from "./models-billing";
import { renderSubscription } from "./render-billing";
import { cancelSubscription, nextPeriodEnd, recurringOf, updateSubscription } from "./subscription-state";

// What happens when a trial ends without a payment method, per
// trial_settings.end_behavior.missing_payment_method: pause or cancel instead of invoicing.

export function hasPaymentMethod(engine: SandboxEngine, sub: SubscriptionModel): boolean {
  return Boolean(sub.default_payment_method ?? engine.store.get("customer", sub.customer)?.default_payment_method);
}

/** Handles a trial end that must not invoice; false when the normal renewal should run. */
export function endTrialWithoutPaymentMethod(engine: SandboxEngine, scope: string, sub: SubscriptionModel): boolean {
  const behavior = sub.trial_missing_payment_method ?? "create_invoice";
  if (behavior === "create_invoice" || hasPaymentMethod(engine, sub)) return false;
  if (behavior === "cancel") {
    cancelSubscription(engine, scope, sub, "cancellation_requested");
    return true;
  }
  updateSubscription(engine, scope, sub, (s) => {
    s.status = "paused";
  });
  engine.emit(scope, "customer.subscription.paused", renderSubscription(engine, sub));
  return true;
}

/** Starts a new billing period now (trial_end=now, resume): invoice and collect it. */
export function restartBillingNow(engine: SandboxEngine, scope: string, sub: SubscriptionModel, reason: string): void {
  const now = engine.now();
  const end = nextPeriodEnd(now, recurringOf(engine, sub), now);
  updateSubscription(engine, scope, sub, (s) => {
    s.billing_cycle_anchor = now;
    s.status = "active";
    for (const item of s.items) {
      item.current_period_start = now;
      item.current_period_end = end;
    }
  });
  const invoice = createSubscriptionInvoice(engine, scope, sub, { reason, periodStart: now, periodEnd: end, trial: false });
  collectInvoice(engine, scope, invoice);
}
