import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { customers, planPrices, planProviderRefs, type BillingCycle } from "@/db/schema";

/** A provider id on a connection (a price/plan id, a customer id), the key the lookups below answer by. */
export type ConnectionRef = { connectionId: string; ref: string };

export const refKey = (connectionId: string, ref: string) => `${connectionId}\u0000${ref}`;

/** The distinct pairs as a `(connection id, ref)` subquery on one jsonb parameter, for `(…) in ${pairsOf(refs)}`: one statement answers any number of them. */
export const pairsOf = (refs: ConnectionRef[]) =>
  sql`(select c::uuid, r from jsonb_to_recordset(${JSON.stringify([...new Map(refs.map((x) => [refKey(x.connectionId, x.ref), { c: x.connectionId, r: x.ref }])).values()])}::jsonb) as pairs(c text, r text))`;

/** Beacon's plan and billing cycle for each provider price/plan id synced to its connection, by `refKey`. */
export async function findPlansByPriceRefs(db: DbOrTx, refs: ConnectionRef[]): Promise<Map<string, { planId: string; billingCycle: BillingCycle }>> {
  if (refs.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([planProviderRefs.connectionId, planProviderRefs.priceRef], {
      connectionId: planProviderRefs.connectionId,
      priceRef: planProviderRefs.priceRef,
      planId: planPrices.planId,
      billingCycle: planPrices.billingCycle,
    })
    .from(planProviderRefs)
    .innerJoin(planPrices, eq(planPrices.id, planProviderRefs.planPriceId))
    .where(sql`(${planProviderRefs.connectionId}, ${planProviderRefs.priceRef}) in ${pairsOf(refs)}`);
  return new Map(rows.map((r) => [refKey(r.connectionId, r.priceRef), { planId: r.planId, billingCycle: r.billingCycle }]));
}

/** Beacon's customer id for each provider customer id recorded on its connection, by `refKey`. */
export async function findCustomerIds(db: DbOrTx, refs: ConnectionRef[]): Promise<Map<string, string>> {
  if (refs.length === 0) return new Map();
  const rows = await db
    .select({ id: customers.id, connectionId: customers.connectionId, providerCustomerId: customers.providerCustomerId })
    .from(customers)
    .where(sql`(${customers.connectionId}, ${customers.providerCustomerId}) in ${pairsOf(refs)}`);
  return new Map(rows.map((r) => [refKey(r.connectionId, r.providerCustomerId), r.id]));
}
