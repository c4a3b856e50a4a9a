import "server-only";
import { and, desc, eq, inArray, or, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { customers, plans, subscriptions, type Mode, type SubscriptionStatus } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { iso } from "@/lib/utils/iso";

/** Statuses in which a subscription still exists for the buyer; a new checkout would duplicate it. */
export const liveStatuses: SubscriptionStatus[] = ["trialing", "active", "past_due", "paused", "unpaid"];

interface Lookup {
  organizationId: string;
  mode: Mode;
  planId: string;
  /** Conekta keeps one subscription per customer: any live one is a duplicate there. */
  anyPlanOnConnection: string | null;
  customer: { email?: string; reference?: string } | undefined;
}

/**
 * The "duplicated logical operation" check: the buyer (by the merchant's reference, else email)
 * already has a live subscription to this plan — or, on Conekta, any live subscription. 409,
 * with the subscription in the body so the caller can reuse it.
 */
export async function assertNoDuplicateSubscription(input: Lookup): Promise<void> {
  const who: SQL[] = [];
  if (input.customer?.reference) who.push(eq(customers.reference, input.customer.reference));
  else if (input.customer?.email) who.push(eq(customers.email, input.customer.email));
  if (who.length === 0) return;
  const samePlan = eq(subscriptions.planId, input.planId);
  const [existing] = await db
    .select({ subscription: subscriptions, plan: { code: plans.code }, customer: { email: customers.email, reference: customers.reference } })
    .from(subscriptions)
    .innerJoin(customers, eq(customers.id, subscriptions.customerId))
    .leftJoin(plans, eq(plans.id, subscriptions.planId))
    .where(
      and(
        eq(subscriptions.organizationId, input.organizationId),
        eq(subscriptions.mode, input.mode),
        inArray(subscriptions.status, liveStatuses),
        or(...who),
        input.anyPlanOnConnection ? or(samePlan, eq(subscriptions.connectionId, input.anyPlanOnConnection)) : samePlan,
      ),
    )
    .orderBy(desc(subscriptions.createdAt))
    .limit(1);
  if (!existing) return;
  const { subscription: s } = existing;
  throw new ApiError(
    "conflict",
    s.planId === input.planId
      ? `This customer already has a ${s.status} subscription to the plan "${existing.plan?.code}"; reuse it.`
      : `This customer already has a ${s.status} Conekta subscription, and Conekta allows one per customer; reuse it.`,
    {
      extra: {
        reason: "duplicate_subscription",
        subscription: {
          id: s.id,
          status: s.status,
          provider: s.provider,
          plan: existing.plan?.code ?? null,
          billingCycle: s.billingCycle,
          customer: existing.customer,
          currentPeriodEnd: iso(s.currentPeriodEnd),
          createdAt: s.createdAt.toISOString(),
        },
      },
    },
  );
}
