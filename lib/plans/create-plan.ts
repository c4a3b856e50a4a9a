import "server-only";
import { db } from "@/db";
import { planPrices, plans, type BillingCycle } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import type { CreatePlanInput } from "@/lib/validations/plans";
import { serializePlan } from "./serialize-plan";

/** Creates a plan with its price per cycle. Providers learn of it when a checkout first needs it. */
export async function createPlan({ ctx, input }: { ctx: OrgContext; input: CreatePlanInput }) {
  requireRole(ctx, "admin");
  return db.transaction(async (tx) => {
    const [plan] = await tx
      .insert(plans)
      .values({ organizationId: ctx.organization.id, code: input.code, name: input.name, currency: input.currency, trialDays: input.trialDays })
      .onConflictDoNothing()
      .returning();
    if (!plan) {
      throw new DomainError("conflict", `A plan with the code "${input.code}" already exists.`, {
        errors: [{ field: "code", message: "Already used by another plan" }],
      });
    }
    const cycles = (["monthly", "yearly"] as BillingCycle[]).filter((c) => input.prices[c] != null);
    const prices = await tx
      .insert(planPrices)
      .values(cycles.map((billingCycle) => ({ planId: plan.id, billingCycle, unitAmount: input.prices[billingCycle]! })))
      .returning();
    await recordAudit(tx, ctx, {
      action: "plan.created",
      targetType: "plan",
      targetId: plan.id,
      metadata: { code: plan.code, currency: plan.currency, prices: input.prices, trialDays: plan.trialDays },
    });
    return serializePlan(plan, prices);
  });
}

export type CreatePlanResponse = Awaited<ReturnType<typeof createPlan>>;
