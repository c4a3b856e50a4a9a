import "server-only";
import { and, eq, isNotNull } from "drizzle-orm";
import { db } from "@/db";
import { planPrices, planProviderRefs, type Plan, type PlanPrice } from "@/db/schema";
import { getAdapter } from "@/lib/providers";
import type { SyncedPlanPrice } from "@/lib/providers/checkouts-port";
import type { ConnectionHandle } from "@/lib/providers/types";

/**
 * The provider's price (Stripe) or plan (Conekta) for one of Beacon's plan prices on one
 * connection, created the first time a checkout or a plan change needs it and kept in
 * plan_provider_refs. The provider call is idempotent on the price's content, so two first
 * checkouts at once create one price, and the unique (price, connection) row settles which ref
 * Beacon keeps.
 */
export async function ensurePlanPriceRef(handle: ConnectionHandle, plan: Plan, price: PlanPrice): Promise<SyncedPlanPrice> {
  const connectionId = handle.connection.id;
  const existing = await findRef(price.id, connectionId);
  if (existing) return existing;

  // Stripe: one product per plan, shared by its monthly and yearly prices.
  const [sibling] = await db
    .select({ productRef: planProviderRefs.productRef })
    .from(planProviderRefs)
    .innerJoin(planPrices, eq(planPrices.id, planProviderRefs.planPriceId))
    .where(and(eq(planPrices.planId, plan.id), eq(planProviderRefs.connectionId, connectionId), isNotNull(planProviderRefs.productRef)))
    .limit(1);
  const synced = await getAdapter(handle.connection.provider).syncPlanPrice(handle, {
    planId: plan.id,
    planCode: plan.code,
    planName: plan.name,
    currency: plan.currency,
    unitAmount: price.unitAmount,
    billingCycle: price.billingCycle,
    trialDays: plan.trialDays,
    existingProductRef: sibling?.productRef ?? null,
    idempotencyKey: `beacon:plan:${price.id}:${connectionId}:${price.unitAmount}:${plan.trialDays}`,
  });
  await db
    .insert(planProviderRefs)
    .values({ planPriceId: price.id, connectionId, productRef: synced.productRef, priceRef: synced.priceRef })
    .onConflictDoNothing();
  return (await findRef(price.id, connectionId)) ?? synced;
}

async function findRef(planPriceId: string, connectionId: string): Promise<SyncedPlanPrice | null> {
  const [row] = await db
    .select({ productRef: planProviderRefs.productRef, priceRef: planProviderRefs.priceRef })
    .from(planProviderRefs)
    .where(and(eq(planProviderRefs.planPriceId, planPriceId), eq(planProviderRefs.connectionId, connectionId)));
  return row ?? null;
}
