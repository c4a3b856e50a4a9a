import "server-only";
import { and, desc, eq, ilike, or, sql } from "drizzle-orm";
import { db } from "@/db";
import { customers, planPrices, plans, subscriptions } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import type { ListSubscriptionsQuery } from "@/lib/validations/subscriptions";
import { iso } from "@/lib/utils/iso";

/** Change time to the microsecond, as text: JavaScript dates stop at the millisecond. */
const exactUpdatedAt = sql<string>`to_char(${subscriptions.updatedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const listColumns = {
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
};

/**
 * One page of an organization's subscriptions, most recently changed first; the id breaks ties
 * (a bulk import changes thousands in one instant), so paging neither skips nor repeats a row.
 * The cursor carries the last row's change time, not just its id: a subscription that changes
 * while someone pages moves to the top instead of moving the page boundary.
 */
export async function listSubscriptions({ ctx, input }: { ctx: OrgContext; input: ListSubscriptionsQuery }) {
  const like = input.q ? `%${input.q.replace(/[%_]/g, "")}%` : null;
  const cursor = input.cursor ? { at: input.cursor.slice(0, 27), id: input.cursor.slice(28) } : null;
  const rows = await db
    .select({ ...listColumns, at: exactUpdatedAt })
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
        cursor ? sql`(${subscriptions.updatedAt}, ${subscriptions.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(subscriptions.updatedAt), desc(subscriptions.id))
    // One more than the page: whether a next page exists, without a count.
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = rows.length > input.limit ? page.at(-1) : undefined;
  return {
    // Field by field: the cursor's exact time stays out of the rows.
    data: page.map((r) => ({
      id: r.id,
      provider: r.provider,
      mode: r.mode,
      providerSubscriptionId: r.providerSubscriptionId,
      status: r.status,
      providerStatus: r.providerStatus,
      billingCycle: r.billingCycle,
      cancelAtPeriodEnd: r.cancelAtPeriodEnd,
      amount: r.amount,
      plan: r.plan?.code ? r.plan : null,
      customer: r.customer?.email || r.customer?.name ? r.customer : null,
      currentPeriodEnd: iso(r.currentPeriodEnd),
      updatedAt: r.updatedAt.toISOString(),
    })),
    /** Pass as `cursor` for the next page; null on the last one. */
    nextCursor: last ? `${last.at}_${last.id}` : null,
  };
}

export type ListSubscriptionsResponse = Awaited<ReturnType<typeof listSubscriptions>>;
