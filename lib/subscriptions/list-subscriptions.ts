import "server-only";
import { and, desc, eq, ilike, or } from "drizzle-orm";
import { db } from "@/db";
import { customers, planPrices, plans, subscriptions } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import type { ListSubscriptionsQuery } from "@/lib/validations/subscriptions";
import { iso } from "@/lib/utils/iso";

export async function listSubscriptions({ ctx, input }: { ctx: OrgContext; input: ListSubscriptionsQuery }) {
  const like = input.q ? `%${input.q.replace(/[%_]/g, "")}%` : null;
  const rows = await db
    .select({
      id: subscriptions.id,
      provider: subscriptions.provider,
      mode: subscriptions.mode,
      providerSubscriptionId: subscriptions.providerSubscriptionId,
      status: subscriptions.status,
      providerStatus: subscriptions.providerStatus,
      billingCycle: subscriptions.billingCycle,
      cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
      currentPeriodEnd: subscriptions.currentPeriodEnd,
      updatedAt: subscriptions.updatedAt,
      plan: { code: plans.code, name: plans.name, currency: plans.currency },
      amount: planPrices.unitAmount,
      customer: { email: customers.email, name: customers.name },
    })
    .from(subscriptions)
    .leftJoin(plans, eq(plans.id, subscriptions.planId))
    .leftJoin(planPrices, and(eq(planPrices.planId, subscriptions.planId), eq(planPrices.billingCycle, subscriptions.billingCycle)))
    .leftJoin(customers, eq(customers.id, subscriptions.customerId))
    .where(
      and(
        eq(subscriptions.organizationId, ctx.organization.id),
        eq(subscriptions.mode, input.mode),
        input.provider ? eq(subscriptions.provider, input.provider) : undefined,
        input.status ? eq(subscriptions.status, input.status) : undefined,
        like ? or(ilike(customers.email, like), ilike(customers.name, like), eq(subscriptions.providerSubscriptionId, input.q!)) : undefined,
      ),
    )
    .orderBy(desc(subscriptions.updatedAt))
    .limit(200);
  return {
    data: rows.map((r) => ({
      ...r,
      plan: r.plan?.code ? r.plan : null,
      customer: r.customer?.email || r.customer?.name ? r.customer : null,
      currentPeriodEnd: iso(r.currentPeriodEnd),
      updatedAt: r.updatedAt.toISOString(),
    })),
  };
}

export type ListSubscriptionsResponse = Awaited<ReturnType<typeof listSubscriptions>>;
