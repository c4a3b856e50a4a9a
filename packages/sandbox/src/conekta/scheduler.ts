import type { SandboxEngine } from "../engine";
import type { DueTask } from "../scheduler";
import { setOrderStatus } from "./billing";
import { renew, retryPayment, startCycle } from "./subscription-state";

// Conekta's share of the sandbox clock, derived from current state: trial ends, renewals at
// the end of each cycle, payment retries of past_due subscriptions, hosted checkout expiry.
export function conektaDueTasks(engine: SandboxEngine): DueTask[] {
  const tasks: DueTask[] = [];
  for (const { scope, model: sub } of engine.conekta.all("subscription")) {
    if (sub.status === "in_trial" && sub.trial_end !== null) {
      tasks.push({ at: sub.trial_end, run: () => startCycle(engine, scope, sub, true) });
    } else if (sub.status === "active" && sub.billing_cycle_end !== null) {
      tasks.push({ at: sub.billing_cycle_end, run: () => renew(engine, scope, sub) });
    } else if (sub.status === "past_due" && sub.next_retry_at !== null) {
      tasks.push({ at: sub.next_retry_at, run: () => retryPayment(engine, scope, sub) });
    }
  }
  for (const { scope, model: checkout } of engine.conekta.all("checkout")) {
    if (checkout.status !== "Issued") continue;
    tasks.push({
      at: checkout.expires_at,
      run: () => {
        checkout.status = "Expired";
        const order = engine.conekta.get("order", checkout.order_id, scope);
        if (order && order.payment_status !== "paid") setOrderStatus(engine, scope, order, "expired", "order.expired");
        engine.conekta.touch();
      },
    });
  }
  return tasks;
}
