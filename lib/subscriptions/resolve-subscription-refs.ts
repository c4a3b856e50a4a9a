import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { customers, planPrices, planProviderRefs, type BillingCycle } from "@/db/schema";

/** Beacon's plan and billing cycle for a provider price/plan id synced to this connection. */
export async function findPlanByPriceRef(
  db: DbOrTx,
  connectionId: string,
  priceRef: string,
): Promise<{ planId: string; billingCycle: BillingCycle } | null> {
  const [row] = await db
    .select({ planId: planPrices.planId, billingCycle: planPrices.billingCycle })
    .from(planProviderRefs)
    .innerJoin(planPrices, eq(planPrices.id, planProviderRefs.planPriceId))
    .where(and(eq(planProviderRefs.connectionId, connectionId), eq(planProviderRefs.priceRef, priceRef)))
    .limit(1);
  return row ?? null;
}

/** Beacon's customer id for a provider customer id on this connection, if one was recorded. */
export async function findCustomerId(db: DbOrTx, connectionId: string, providerCustomerId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.connectionId, connectionId), eq(customers.providerCustomerId, providerCustomerId)))
    .limit(1);
  return row?.id ?? null;
}
