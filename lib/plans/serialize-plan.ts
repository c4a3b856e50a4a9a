import "server-only";
import type { BillingCycle, Plan, PlanPrice } from "@/db/schema";

export interface SerializedPlan {
  id: string;
  code: string;
  name: string;
  currency: string;
  trialDays: number;
  /** Minor units per cycle; null when the plan is not sold on that cycle. */
  prices: Record<BillingCycle, number | null>;
  /** Provider connections each price is synced to, e.g. `{ monthly: ["stripe"] }`. */
  syncedTo: Record<BillingCycle, string[]>;
  archived: boolean;
  createdAt: string;
}

export function serializePlan(plan: Plan, prices: PlanPrice[], synced: { planPriceId: string; provider: string }[] = []): SerializedPlan {
  const price = (cycle: BillingCycle) => prices.find((p) => p.planId === plan.id && p.billingCycle === cycle);
  const syncedFor = (cycle: BillingCycle) => {
    const id = price(cycle)?.id;
    return [...new Set(synced.filter((s) => s.planPriceId === id).map((s) => s.provider))].sort();
  };
  return {
    id: plan.id,
    code: plan.code,
    name: plan.name,
    currency: plan.currency,
    trialDays: plan.trialDays,
    prices: { monthly: price("monthly")?.unitAmount ?? null, yearly: price("yearly")?.unitAmount ?? null },
    syncedTo: { monthly: syncedFor("monthly"), yearly: syncedFor("yearly") },
    archived: plan.archivedAt !== null,
    createdAt: plan.createdAt.toISOString(),
  };
}
