import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { planPrices, planProviderRefs, plans, providerConnections } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import { serializePlan } from "./serialize-plan";

/** Every plan of the organization, archived ones last, with prices and where each is synced. */
export async function listPlans({ ctx }: { ctx: OrgContext }) {
  const rows = await db.select().from(plans).where(eq(plans.organizationId, ctx.organization.id)).orderBy(asc(plans.createdAt));
  const ids = rows.map((p) => p.id);
  const prices = ids.length ? await db.select().from(planPrices).where(inArray(planPrices.planId, ids)) : [];
  const priceIds = prices.map((p) => p.id);
  const synced = priceIds.length
    ? await db
        .select({ planPriceId: planProviderRefs.planPriceId, provider: providerConnections.provider, mode: providerConnections.mode })
        .from(planProviderRefs)
        .innerJoin(providerConnections, eq(providerConnections.id, planProviderRefs.connectionId))
        .where(inArray(planProviderRefs.planPriceId, priceIds))
    : [];
  const labelled = synced.map((s) => ({ planPriceId: s.planPriceId, provider: `${s.provider} ${s.mode}` }));
  const data = rows.map((p) => serializePlan(p, prices, labelled));
  return { data: [...data.filter((p) => !p.archived), ...data.filter((p) => p.archived)] };
}

export type ListPlansResponse = Awaited<ReturnType<typeof listPlans>>;
