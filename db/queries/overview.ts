import "server-only";
import { and, count, desc, eq, inArray, isNotNull, isNull, or, sql, sum } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import {
  auditLog,
  checkouts,
  customers,
  invoices,
  planPrices,
  plans,
  providerConnections,
  subscriptionCounts,
  subscriptionDayCounts,
  subscriptions,
  subscriptionTimeline,
  webhookEndpoints,
  webhookEvents,
  type Mode,
  type Provider,
} from "@/db/schema";

// What the Overview reads: quickstart progress, subscription KPIs and recent activity, for one
// organization in one mode.

const int = (value: unknown) => Number(value ?? 0);

export function connectionsOf(db: DbOrTx, organizationId: string, mode: Mode) {
  return db
    .select({ id: providerConnections.id, provider: providerConnections.provider, status: providerConnections.status, details: providerConnections.details })
    .from(providerConnections)
    .where(and(eq(providerConnections.organizationId, organizationId), eq(providerConnections.mode, mode)));
}

/**
 * Endpoints that deliver this organization's events: its own (Conekta, one per connection) and
 * Beacon's platform endpoints for Stripe Connect in the mode, shared by every organization.
 */
export function endpointsServing(db: DbOrTx, organizationId: string, mode: Mode) {
  return db
    .select({
      provider: webhookEndpoints.provider,
      kind: webhookEndpoints.kind,
      // A shared endpoint's last verification is any organization's delivery: only the
      // organization's own events (providersWithEvents) prove anything about it.
      lastVerification: sql<string | null>`case when ${webhookEndpoints.organizationId} is null then null else ${webhookEndpoints.lastVerification} end`,
    })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.mode, mode),
        eq(webhookEndpoints.enabled, true),
        or(eq(webhookEndpoints.organizationId, organizationId), and(isNull(webhookEndpoints.organizationId), eq(webhookEndpoints.kind, "stripe_connect"))),
      ),
    );
}

/**
 * Providers with at least one verified event received for the organization (any event proves the
 * secret works). An existence probe per connection on the inbox's (provider, account, event id)
 * index, where counting read every event of the organization: a connection's events carry its
 * account (Stripe `acct_…`, the Conekta connection id) or '' (Stripe platform events).
 */
export async function providersWithEvents(db: DbOrTx, organizationId: string, mode: Mode): Promise<Provider[]> {
  const rows = await db
    .select({ provider: providerConnections.provider })
    .from(providerConnections)
    .where(
      and(
        eq(providerConnections.organizationId, organizationId),
        eq(providerConnections.mode, mode),
        sql`exists (select 1 from ${webhookEvents} where ${webhookEvents.provider} = ${providerConnections.provider}
          and ${webhookEvents.account} in (coalesce(${providerConnections.accountId}, ''), ${providerConnections.id}::text, '')
          and ${webhookEvents.organizationId} = ${organizationId} and ${webhookEvents.mode} = ${mode})`,
      ),
    );
  return rows.map((r) => r.provider);
}

/** Plans the organization sells (not archived): a checkout needs one. */
export async function activePlanCount(db: DbOrTx, organizationId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(plans)
    .where(and(eq(plans.organizationId, organizationId), isNull(plans.archivedAt)));
  return int(row?.n);
}

export async function checkoutProgress(db: DbOrTx, organizationId: string, mode: Mode) {
  const [row] = await db
    .select({
      created: count(),
      confirmed: sql<string>`count(*) filter (where ${checkouts.status} = 'completed' and ${checkouts.confirmedAt} is not null)`,
    })
    .from(checkouts)
    .where(and(eq(checkouts.organizationId, organizationId), eq(checkouts.mode, mode)));
  return { created: int(row?.created), confirmed: int(row?.confirmed) };
}

// The subscription figures below read the rollups the triggers keep (db/schema/dashboard-rollups.ts):
// a few rows per organization rather than every subscription.
const countsOf = (organizationId: string, mode: Mode) => and(eq(subscriptionCounts.organizationId, organizationId), eq(subscriptionCounts.mode, mode));

export async function subscriptionStatusCounts(db: DbOrTx, organizationId: string, mode: Mode) {
  const n = sum(subscriptionCounts.subscriptions);
  const rows = await db
    .select({ status: subscriptionCounts.status, n })
    .from(subscriptionCounts)
    .where(countsOf(organizationId, mode))
    .groupBy(subscriptionCounts.status)
    .having(sql`${n} <> 0`);
  return Object.fromEntries(rows.map((r) => [r.status, int(r.n)])) as Partial<Record<(typeof rows)[number]["status"], number>>;
}

/** Paying subscriptions (active, past due) per plan and billing cycle, from the rollup. */
function payingByPlan(db: DbOrTx, organizationId: string, mode: Mode) {
  const n = sum(subscriptionCounts.subscriptions);
  return db
    .select({ planId: subscriptionCounts.planId, billingCycle: subscriptionCounts.billingCycle, n: sql<string>`${n}`.as("n") })
    .from(subscriptionCounts)
    .where(and(countsOf(organizationId, mode), inArray(subscriptionCounts.status, ["active", "past_due"])))
    .groupBy(subscriptionCounts.planId, subscriptionCounts.billingCycle)
    .having(sql`${n} <> 0`)
    .as("paying");
}

/**
 * MRR per currency (lower case) of paying subscriptions whose plan price is known, summed in the
 * database (yearly prices count a twelfth, rounded as `Math.round` does for positive amounts),
 * and how many paying subscriptions have no known price (no plan, or none for their cycle).
 */
export async function pricedRecurringRevenue(db: DbOrTx, organizationId: string, mode: Mode) {
  const paying = payingByPlan(db, organizationId, mode);
  const priced = sql`${planPrices.unitAmount} is not null and ${plans.currency} is not null`;
  const rows = await db
    .select({
      currency: sql<string | null>`lower(${plans.currency})`,
      amount: sql<string | null>`sum(${paying.n} * case when ${paying.billingCycle} = 'yearly' then round(${planPrices.unitAmount} / 12.0) else ${planPrices.unitAmount} end) filter (where ${priced})`,
      unpriced: sql<string | null>`sum(${paying.n}) filter (where not (${priced}))`,
    })
    .from(paying)
    .leftJoin(plans, eq(plans.id, paying.planId))
    .leftJoin(planPrices, and(eq(planPrices.planId, paying.planId), eq(planPrices.billingCycle, paying.billingCycle)))
    .groupBy(sql`1`);
  return {
    mrr: rows.filter((r) => r.amount !== null).map((r) => ({ currency: r.currency!, amount: int(r.amount) })),
    unpriced: rows.reduce((n, r) => n + int(r.unpriced), 0),
  };
}

/** Paying subscriptions whose plan price is unknown (no plan, or none for their billing cycle). */
export async function unpricedPayingSubscriptions(db: DbOrTx, organizationId: string, mode: Mode) {
  const rows = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .leftJoin(plans, eq(plans.id, subscriptions.planId))
    .leftJoin(planPrices, and(eq(planPrices.planId, subscriptions.planId), eq(planPrices.billingCycle, subscriptions.billingCycle)))
    .where(
      and(
        eq(subscriptions.organizationId, organizationId),
        eq(subscriptions.mode, mode),
        inArray(subscriptions.status, ["active", "past_due"]),
        or(isNull(planPrices.unitAmount), isNull(plans.currency)),
      ),
    );
  return rows.map((r) => r.id);
}

/** The newest paid invoice of each subscription, for subscriptions whose plan price is unknown. */
export function latestPaidInvoices(db: DbOrTx, subscriptionIds: string[]) {
  if (subscriptionIds.length === 0) return Promise.resolve([]);
  return db
    .selectDistinctOn([invoices.subscriptionId], {
      subscriptionId: invoices.subscriptionId,
      currency: invoices.currency,
      subtotal: invoices.subtotal,
      periodStart: invoices.periodStart,
      periodEnd: invoices.periodEnd,
    })
    .from(invoices)
    .where(and(inArray(invoices.subscriptionId, subscriptionIds), isNotNull(invoices.paidAt)))
    .orderBy(invoices.subscriptionId, desc(invoices.providerCreatedAt));
}

/**
 * Subscriptions live at `since` (the churn base) and how many of them were canceled after it.
 * Live at `since` = created before it, not `incomplete`, not canceled before it: the subscriptions
 * created before `since` less those canceled before it, among those whose cancellation (if any)
 * follows their creation. Both edges come from the daily rollup for the days before `since`'s
 * (UTC) day, and from the subscriptions themselves for that day up to `since`; the cancellations
 * after `since` are read on their index.
 */
export async function churnSince(db: DbOrTx, organizationId: string, mode: Mode, since: Date) {
  const dayStart = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()));
  const day = dayStart.toISOString().slice(0, 10);
  const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const scope = and(eq(subscriptions.organizationId, organizationId), eq(subscriptions.mode, mode));
  const everLive = sql`${subscriptions.status} <> 'incomplete'`;
  const [row] = await db.execute<{ started: string; ended: string; started_today: string; ended_today: string; canceled: string; canceled_from_base: string }>(sql`
    select
      (select coalesce(sum(${subscriptionDayCounts.started}), 0) from ${subscriptionDayCounts}
        where ${subscriptionDayCounts.organizationId} = ${organizationId} and ${subscriptionDayCounts.mode} = ${mode} and ${subscriptionDayCounts.day} < ${day}) as started,
      (select coalesce(sum(${subscriptionDayCounts.ended}), 0) from ${subscriptionDayCounts}
        where ${subscriptionDayCounts.organizationId} = ${organizationId} and ${subscriptionDayCounts.mode} = ${mode} and ${subscriptionDayCounts.day} < ${day}) as ended,
      (select count(*) from ${subscriptions} where ${scope} and ${everLive}
        and ${subscriptions.createdAt} >= ${at(dayStart)} and ${subscriptions.createdAt} < ${at(since)}
        and (${subscriptions.canceledAt} is null or ${subscriptions.canceledAt} > ${subscriptions.createdAt})) as started_today,
      (select count(*) from ${subscriptions} where ${scope} and ${everLive}
        and ${subscriptions.canceledAt} >= ${at(dayStart)} and ${subscriptions.canceledAt} < ${at(since)}
        and ${subscriptions.canceledAt} > ${subscriptions.createdAt}) as ended_today,
      (select count(*) from ${subscriptions} where ${scope} and ${subscriptions.canceledAt} >= ${at(since)}) as canceled,
      (select count(*) from ${subscriptions} where ${scope} and ${everLive}
        and ${subscriptions.canceledAt} >= ${at(since)} and ${subscriptions.createdAt} < ${at(since)}) as canceled_from_base`);
  return {
    base: int(row?.started) + int(row?.started_today) - int(row?.ended) - int(row?.ended_today),
    canceledFromBase: int(row?.canceled_from_base),
    canceled: int(row?.canceled),
  };
}

export function recentTimeline(db: DbOrTx, organizationId: string, mode: Mode, limit: number) {
  return db
    .select({
      id: subscriptionTimeline.id,
      subscriptionId: subscriptionTimeline.subscriptionId,
      provider: subscriptions.provider,
      field: subscriptionTimeline.field,
      fromValue: subscriptionTimeline.fromValue,
      toValue: subscriptionTimeline.toValue,
      source: subscriptionTimeline.source,
      at: subscriptionTimeline.recordedAt,
      // Who and what, as the merchant knows them.
      customerName: customers.name,
      customerEmail: customers.email,
      customerReference: customers.reference,
      planName: plans.name,
      billingCycle: subscriptions.billingCycle,
      unitAmount: planPrices.unitAmount,
      currency: plans.currency,
    })
    .from(subscriptionTimeline)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionTimeline.subscriptionId))
    .leftJoin(customers, eq(customers.id, subscriptions.customerId))
    .leftJoin(plans, eq(plans.id, subscriptions.planId))
    .leftJoin(planPrices, and(eq(planPrices.planId, subscriptions.planId), eq(planPrices.billingCycle, subscriptions.billingCycle)))
    .where(and(eq(subscriptionTimeline.organizationId, organizationId), eq(subscriptions.mode, mode)))
    .orderBy(desc(subscriptionTimeline.recordedAt), desc(subscriptionTimeline.id))
    .limit(limit);
}

/** Plan names by id, to show a timeline's plan changes by name. */
export async function planNames(db: DbOrTx, organizationId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: plans.id, name: plans.name })
    .from(plans)
    .where(and(eq(plans.organizationId, organizationId), inArray(plans.id, ids)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function recentAudit(db: DbOrTx, organizationId: string, limit: number) {
  return db
    .select({ id: auditLog.id, action: auditLog.action, actorLabel: auditLog.actorLabel, at: auditLog.createdAt })
    .from(auditLog)
    .where(eq(auditLog.organizationId, organizationId))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}
