import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { planPrices, plans, type BillingCycle } from "@/db/schema";
import { DomainError } from "@/lib/errors";

/** An active plan of the organization by code, with its price for a cycle; 422 naming the field otherwise. */
export async function findPlanPrice(db: DbOrTx, organizationId: string, code: string, billingCycle: BillingCycle) {
  const [plan] = await db
    .select()
    .from(plans)
    .where(and(eq(plans.organizationId, organizationId), eq(plans.code, code), isNull(plans.archivedAt)));
  if (!plan) {
    throw new DomainError("validation_failed", `plan: no active plan "${code}" in this organization.`, {
      errors: [{ field: "plan", message: `No active plan with the code "${code}"` }],
    });
  }
  const [price] = await db.select().from(planPrices).where(and(eq(planPrices.planId, plan.id), eq(planPrices.billingCycle, billingCycle)));
  if (!price) {
    throw new DomainError("validation_failed", `billingCycle: the plan "${code}" has no ${billingCycle} price.`, {
      errors: [{ field: "billingCycle", message: `The plan "${code}" is not sold ${billingCycle}` }],
    });
  }
  return { plan, price };
}
