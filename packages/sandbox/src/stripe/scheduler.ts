import type { SandboxEngine } from "../engine";
import type { DueTask, ScheduledKinds } from "../scheduler";
import type { Models } from "../store";
import { collectInvoice, createSubscriptionInvoice, finalizeInvoice, voidInvoice } from "./invoicing";
import type { CheckoutSessionModel, InvoiceModel, SubscriptionModel } from "./models-billing";
import { renderCheckoutSession } from "./render-checkout";
import { renderInvoice } from "./render-invoice";
import { renderSubscription } from "./render-billing";
import { clockIdOfCustomer } from "./test-clocks";
import { endTrialWithoutPaymentMethod } from "./trial-end";
import { cancelSubscription, nextPeriodEnd, periodEnd, recurringOf, updateSubscription } from "./subscription-state";

const TRIAL_WILL_END_NOTICE = 3 * 86_400;
const LIVE_STATUSES = new Set(["active", "past_due", "trialing"]);

// Billing work that falls due as sandbox time passes, derived from each object's current state
// so nothing extra has to be persisted: renewals, trial ends, draft finalization, payment
// retries, pause resumption, checkout expiry. The scheduler asks per object, when it changes.
function subscriptionTasks(engine: SandboxEngine, scope: string, sub: SubscriptionModel): DueTask[] {
  if (!LIVE_STATUSES.has(sub.status)) return [];
  const tasks: DueTask[] = [{ at: periodEnd(sub), run: () => renew(engine, scope, sub) }];
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
  return tasks;
}

function invoiceTasks(engine: SandboxEngine, scope: string, inv: InvoiceModel): DueTask[] {
  const tasks: DueTask[] = [];
  // Read without marking it touched: this runs whenever the invoice or its subscription changes.
  const sub = inv.subscription ? engine.store.peek("subscription", inv.subscription) : undefined;
  const keepDraft = sub?.pause_collection?.behavior === "keep_as_draft";
  if (inv.status === "draft" && inv.automatically_finalizes_at !== null && !keepDraft) {
    // A send_invoice invoice is finalized and left for the customer to pay, never charged.
    const advance = () => (inv.collection_method === "send_invoice" ? finalizeInvoice(engine, scope, inv) : void collectInvoice(engine, scope, inv));
    tasks.push({ at: inv.automatically_finalizes_at, run: advance });
  }
  if (inv.status === "open" && inv.next_payment_attempt !== null && sub?.status !== "canceled") {
    tasks.push({ at: inv.next_payment_attempt, run: () => collectInvoice(engine, scope, inv) });
  }
  return tasks;
}

function sessionTasks(engine: SandboxEngine, scope: string, session: CheckoutSessionModel): DueTask[] {
  if (session.status !== "open") return [];
  return [
    {
      at: session.expires_at,
      run: () => {
        session.status = "expired";
        engine.store.touch();
        engine.emit(scope, "checkout.session.expired", renderCheckoutSession(engine, session));
      },
    },
  ];
}

/** Stripe's scheduled kinds, in the order their tasks run when due at the same second. */
export const stripeSchedule: ScheduledKinds<Models> = {
  subscription: { tasks: subscriptionTasks, clockOf: (engine, sub) => clockIdOfCustomer(engine, sub.customer) },
  invoice: {
    tasks: invoiceTasks,
    dependsOn: (inv) => (inv.subscription ? { kind: "subscription", id: inv.subscription } : null),
    clockOf: (engine, inv) => clockIdOfCustomer(engine, inv.customer),
  },
  "checkout.session": { tasks: sessionTasks },
};

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
