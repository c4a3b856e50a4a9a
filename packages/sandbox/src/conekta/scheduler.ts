import type { SandboxEngine } from "../engine";
import type { DueTask, ScheduledKinds } from "../scheduler";
import { setOrderStatus } from "./billing";
import type { ConektaModels } from "./models";
import { renew, retryPayment, startCycle } from "./subscription-state";

type Subscription = ConektaModels["subscription"];
type Checkout = ConektaModels["checkout"];

// Conekta's share of the sandbox clock, derived from each object's state: trial ends, renewals
// at the end of each cycle, payment retries of past_due subscriptions, hosted checkout expiry.
function subscriptionTasks(engine: SandboxEngine, scope: string, sub: Subscription): DueTask[] {
  if (sub.status === "in_trial" && sub.trial_end !== null) {
    return [{ at: sub.trial_end, run: () => startCycle(engine, scope, sub, true) }];
  } else if (sub.status === "active" && sub.billing_cycle_end !== null) {
    return [{ at: sub.billing_cycle_end, run: () => renew(engine, scope, sub) }];
  } else if (sub.status === "past_due" && sub.next_retry_at !== null) {
    return [{ at: sub.next_retry_at, run: () => retryPayment(engine, scope, sub) }];
  }
  return [];
}

function checkoutTasks(engine: SandboxEngine, scope: string, checkout: Checkout): DueTask[] {
  if (checkout.status !== "Issued") return [];
  return [
    {
      at: checkout.expires_at,
      run: () => {
        checkout.status = "Expired";
        const order = engine.conekta.get("order", checkout.order_id, scope);
        if (order && order.payment_status !== "paid") setOrderStatus(engine, scope, order, "expired", "order.expired");
        engine.conekta.touch();
      },
    },
  ];
}

/** Conekta's scheduled kinds, in the order their tasks run when due at the same second. */
export const conektaSchedule: ScheduledKinds<ConektaModels> = {
  subscription: { tasks: subscriptionTasks },
  checkout: { tasks: checkoutTasks },
};
