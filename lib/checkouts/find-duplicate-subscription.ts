import "server-only";
import { and, desc, eq, gt, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { checkouts, customers, plans, subscriptions, type Mode, type SubscriptionStatus } from "@/db/schema";
import { DomainError } from "@/lib/errors";
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
  /** The checkout being created: a retry taking over a crashed attempt finds its own row. */
  checkoutId: string;
}

/**
 * The "duplicated logical operation" check: the buyer (by the merchant's reference, else email)
 * already has a live subscription to this plan — or, on Conekta, any live subscription — or an
 * open checkout that would make one. Another Idempotency-Key is another request, not proof of
 * another intent: two keys paid would be two subscriptions. 409 naming what to reuse.
 */
export async function assertNoDuplicateSubscription(input: Lookup): Promise<void> {
  await assertNoLiveSubscription(input);
  await assertNoOpenCheckout(input);
}

async function assertNoLiveSubscription(input: Lookup): Promise<void> {
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
  throw new DomainError(
    "conflict",
    s.planId === input.planId
      ? `This customer already has a ${s.status} subscription to the plan "${existing.plan?.code}"; reuse it.`
      : `This customer already has a ${s.status} Conekta subscription, and Conekta allows one per customer; reuse it.`,
    {
      details: {
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

/** An unexpired, unpaid checkout of the same buyer and plan (on Conekta, any plan): send the buyer there. */
async function assertNoOpenCheckout(input: Lookup): Promise<void> {
  const who = input.customer?.reference
    ? eq(checkouts.customerReference, input.customer.reference)
    : input.customer?.email
      ? eq(checkouts.customerEmail, input.customer.email)
      : null;
  if (!who) return;
  const samePlan = eq(checkouts.planId, input.planId);
  const [open] = await db
    .select({ checkout: checkouts, plan: { code: plans.code } })
    .from(checkouts)
    .innerJoin(plans, eq(plans.id, checkouts.planId))
    .where(
      and(
        eq(checkouts.organizationId, input.organizationId),
        eq(checkouts.mode, input.mode),
        eq(checkouts.status, "open"),
        or(isNull(checkouts.expiresAt), gt(checkouts.expiresAt, sql`now()`)),
        ne(checkouts.id, input.checkoutId),
        who,
        input.anyPlanOnConnection ? or(samePlan, eq(checkouts.connectionId, input.anyPlanOnConnection)) : samePlan,
      ),
    )
    .orderBy(desc(checkouts.createdAt))
    .limit(1);
  if (!open) return;
  const { checkout: c } = open;
  throw new DomainError(
    "conflict",
    `This customer already has an open checkout for the plan "${open.plan.code}"; send the buyer to its url, or pass allowDuplicate: true.`,
    {
      details: {
        reason: "open_checkout",
        checkout: {
          id: c.id,
          url: c.url,
          status: c.status,
          provider: c.provider,
          plan: open.plan.code,
          billingCycle: c.billingCycle,
          customer: { email: c.customerEmail, reference: c.customerReference },
          expiresAt: iso(c.expiresAt),
          createdAt: c.createdAt.toISOString(),
        },
      },
    },
  );
}
