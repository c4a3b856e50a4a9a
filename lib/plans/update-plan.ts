import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { planPrices, planProviderRefs, plans, type BillingCycle, type PlanPrice } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import type { UpdatePlanInput } from "@/lib/validations/plans";
import { serializePlan } from "./serialize-plan";

/**
 * Renames, re-prices, changes the trial of, archives or restores a plan. A provider's price is
 * immutable, so a changed amount (or a changed trial, which Conekta bakes into its plan) drops
 * the provider refs: the next checkout syncs a new price, existing subscriptions keep theirs.
 */
export async function updatePlan({ ctx, input }: { ctx: OrgContext; input: UpdatePlanInput & { planId: string } }) {
  requireRole(ctx, "admin");
  return db.transaction(async (tx) => {
    const [plan] = await tx
      .select()
      .from(plans)
      .where(and(eq(plans.id, input.planId), eq(plans.organizationId, ctx.organization.id)))
      .for("update");
    if (!plan) throw new DomainError("not_found", "No such plan.");
    const current = await tx.select().from(planPrices).where(eq(planPrices.planId, plan.id));
    const stale = input.prices ? await applyPrices(tx, plan.id, current, input.prices) : [];
    const trialChanged = input.trialDays !== undefined && input.trialDays !== plan.trialDays;
    const resync = trialChanged ? current.map((p) => p.id) : stale;
    if (resync.length) await tx.delete(planProviderRefs).where(inArray(planProviderRefs.planPriceId, resync));

    const archivedAt = input.archived === undefined ? plan.archivedAt : input.archived ? (plan.archivedAt ?? new Date()) : null;
    const [updated] = await tx
      .update(plans)
      .set({ name: input.name ?? plan.name, trialDays: input.trialDays ?? plan.trialDays, archivedAt })
      .where(eq(plans.id, plan.id))
      .returning();
    const prices = await tx.select().from(planPrices).where(eq(planPrices.planId, plan.id));
    await recordAudit(tx, ctx, {
      action: input.archived === true && !plan.archivedAt ? "plan.archived" : "plan.updated",
      targetType: "plan",
      targetId: plan.id,
      metadata: { code: plan.code, changes: input, resyncedPrices: resync.length },
    });
    return serializePlan(updated!, prices);
  });
}

/** Sets each cycle's amount; returns the ids of prices whose amount changed (their refs are stale). */
async function applyPrices(tx: Tx, planId: string, current: PlanPrice[], prices: Partial<Record<BillingCycle, number | null>>) {
  const stale: string[] = [];
  for (const cycle of ["monthly", "yearly"] as BillingCycle[]) {
    const existing = current.find((p) => p.billingCycle === cycle);
    const amount = prices[cycle] ?? null;
    if (existing && amount === null) {
      // Subscriptions on that cycle still resolve their provider price through it.
      throw new DomainError("validation_failed", `The ${cycle} price cannot be removed once created; archive the plan instead.`, {
        errors: [{ field: `prices.${cycle}`, message: "Cannot be removed; archive the plan instead" }],
      });
    }
    if (!existing && amount !== null) await tx.insert(planPrices).values({ planId, billingCycle: cycle, unitAmount: amount });
    if (existing && amount !== null && existing.unitAmount !== amount) {
      await tx.update(planPrices).set({ unitAmount: amount }).where(eq(planPrices.id, existing.id));
      stale.push(existing.id);
    }
  }
  return stale;
}
