import type { SandboxEngine } from "../engine";
import type { DueTask } from "../scheduler";
import { collectInvoice, createSubscriptionInvoice, voidInvoice } from "./invoicing";
import type { SubscriptionModel } from "./models-billing";
import { renderCheckoutSession } from "./render-checkout";
import { renderInvoice } from "./render-invoice";
import { renderSubscription } from "./render-billing";
import { endTrialWithoutPaymentMethod } from "./trial-end";
import { cancelSubscription, nextPeriodEnd, periodEnd, recurringOf, updateSubscription } from "./subscription-state";

const TRIAL_WILL_END_NOTICE = 3 * 86_400;
const LIVE_STATUSES = new Set(["active", "past_due", "trialing"]);

// Billing work that falls due as sandbox time passes, derived from current state so
// nothing extra has to be persisted: renewals, trial ends, draft finalization,
// payment retries, pause resumption, checkout expiry.
export function stripeDueTasks(engine: SandboxEngine): DueTask[] {
  const tasks: DueTask[] = [];
  for (const { scope, model: sub } of engine.store.all("subscription")) {
    if (!LIVE_STATUSES.has(sub.status)) continue;
    tasks.push({ at: periodEnd(sub), run: () => renew(engine, scope, sub) });
    if (sub.status === "trialing" && sub.trial_end && !sub.trial_will_end_notified) {
      tasks.push({
        at: sub.trial_end - TRIAL_WILL_END_NOTICE,
        run: () => {
          sub.trial_will_end_notified = true;
          engine.emit(scope, "customer.subscription.trial_will_end", renderSubscription(engine, sub));
        },
      });
    }
    const resumesAt = sub.pause_collection?.resumes_at;
    if (resumesAt) tasks.push({ at: resumesAt, run: () => updateSubscription(engine, scope, sub, (s) => (s.pause_collection = null)) });
  }
  for (const { scope, model: inv } of engine.store.all("invoice")) {
    const sub = inv.subscription ? engine.store.get("subscription", inv.subscription) : undefined;
    const keepDraft = sub?.pause_collection?.behavior === "keep_as_draft";
    if (inv.status === "draft" && inv.automatically_finalizes_at !== null && !keepDraft) {
      tasks.push({ at: inv.automatically_finalizes_at, run: () => collectInvoice(engine, scope, inv, true) });
    }
    if (inv.status === "open" && inv.next_payment_attempt !== null && sub?.status !== "canceled") {
      tasks.push({ at: inv.next_payment_attempt, run: () => collectInvoice(engine, scope, inv, true) });
    }
  }
  for (const { scope, model: session } of engine.store.all("checkout.session")) {
    if (session.status !== "open") continue;
    tasks.push({
      at: session.expires_at,
      run: () => {
        session.status = "expired";
        engine.store.touch();
        engine.emit(scope, "checkout.session.expired", renderCheckoutSession(engine, session));
      },
    });
  }
  return tasks;
}

function renew(engine: SandboxEngine, scope: string, sub: SubscriptionModel): void {
  const start = periodEnd(sub);
  if (sub.cancel_at_period_end || (sub.cancel_at !== null && sub.cancel_at <= start)) {
    cancelSubscription(engine, scope, sub, "cancellation_requested");
    return;
  }
  const trialEnded = sub.status === "trialing";
  if (trialEnded && endTrialWithoutPaymentMethod(engine, scope, sub)) return;
  const end = nextPeriodEnd(sub.billing_cycle_anchor, recurringOf(engine, sub), start);
  updateSubscription(engine, scope, sub, (s) => {
    for (const item of s.items) {
      item.current_period_start = start;
      item.current_period_end = end;
    }
    if (trialEnded) s.status = "active";
  });
  const invoice = createSubscriptionInvoice(engine, scope, sub, {
    reason: "subscription_cycle",
    periodStart: start,
    periodEnd: end,
    trial: false,
  });
  // pause_collection: Stripe still creates the invoice but does not collect it.
  const pause = sub.pause_collection?.behavior;
  if (pause === "void") voidInvoice(engine, scope, invoice);
  if (pause === "mark_uncollectible") {
    invoice.status = "uncollectible";
    engine.emit(scope, "invoice.marked_uncollectible", renderInvoice(engine, invoice));
  }
}
