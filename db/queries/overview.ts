import "server-only";
import { and, desc, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db";
import {
  auditLog,
  customers,
  invoices,
  planPrices,
  plans,
  subscriptions,
  subscriptionTimeline,
  type ConnectionDetails,
  type ConnectionStatus,
  type Mode,
  type Provider,
  type SubscriptionStatus,
  type WebhookEndpointKind,
} from "@/db/schema";

// What the Overview reads: quickstart progress, subscription KPIs and recent activity, for one
// organization in one mode.

const int = (value: unknown) => Number(value ?? 0);

/** What one organization's Overview counts in one mode, from `overviewCounts`. */
export interface OverviewCounts {
  /** Every connection in the mode, and whether a verified event of it was received. */
  connections: { id: string; provider: Provider; status: ConnectionStatus; details: ConnectionDetails | null; hasEvents: boolean }[];
  /** Enabled endpoints that deliver the organization's events (see below). */
  endpoints: { provider: Provider; kind: WebhookEndpointKind; lastVerification: string | null }[];
  /** Plans the organization sells (not archived): a checkout needs one. */
  activePlans: number;
  checkouts: { created: number; confirmed: number };
  statuses: Partial<Record<SubscriptionStatus, number>>;
  /** MRR per currency (lower case) of paying subscriptions whose plan price is known. */
  mrr: { currency: string; amount: number }[];
  /** Paying subscriptions with no known price (no plan, or none for their cycle). */
  unpriced: number;
  /** The churn base at `since`, and the cancellations since (of it, and of all). */
  churn: { base: number; canceledFromBase: number; canceled: number };
}

/**
 * Everything the Overview counts (quickstart progress and subscription KPIs) in one statement, so
 * a visit costs one round trip for them rather than one per figure:
 *
 * - Endpoints that deliver the organization's events: its own (Conekta, one per connection) and
 *   Beacon's platform endpoints for Stripe Connect in the mode, shared by every organization. A
 *   shared endpoint's last verification is any organization's delivery: only the organization's
 *   own events (a connection's `hasEvents`) prove anything about it.
 * - A connection has events when a verified event of it was received: an existence probe on the
 *   inbox's (provider, account, event id) index, where counting read every event of the
 *   organization. A connection's events carry its account (Stripe `acct_…`, the Conekta
 *   connection id) or '' (Stripe platform events).
 * - The subscription figures read the rollups the triggers keep (db/schema/dashboard-rollups.ts), a
 *   few rows per organization rather than every subscription. MRR: paying subscriptions (active,
 *   past due) per plan and billing cycle, at their plan's price (yearly prices count a twelfth,
 *   rounded as `Math.round` does for positive amounts), summed in the database.
 * - Churn: subscriptions live at `since` (the base) and how many of them were canceled after it.
 *   Live at `since` = created before it, not `incomplete`, not canceled before it: the
 *   subscriptions created before `since` less those canceled before it, among those whose
 *   cancellation (if any) follows their creation. Both edges come from the daily rollup for the
 *   days before `since`'s (UTC) day, and from the subscriptions themselves for that day up to
 *   `since`; the cancellations after `since` are read on their index.
 */
export async function overviewCounts(db: DbOrTx, organizationId: string, mode: Mode, since: Date): Promise<OverviewCounts> {
  const org = sql`${organizationId}::uuid`;
  const m = sql`${mode}::mode`;
  const dayStart = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()));
  const day = sql`${dayStart.toISOString().slice(0, 10)}::date`;
  const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const scope = sql`s.organization_id = ${org} and s.mode = ${m}`;
  const everLive = sql`s.status <> 'incomplete'`;
  const [row] = await db.execute<{ counts: Omit<OverviewCounts, "churn"> & { churn: Record<"started" | "ended" | "started_today" | "ended_today" | "canceled" | "canceled_from_base", number> } }>(sql`
    with
    connections as (
      select c.id, c.provider, c.status, c.details, exists (select 1 from webhook_events e where e.provider = c.provider
          and e.account in (coalesce(c.account_id, ''), c.id::text, '') and e.organization_id = ${org} and e.mode = ${m}) as has_events
      from provider_connections c where c.organization_id = ${org} and c.mode = ${m}),
    endpoints as (
      select w.provider, w.kind, case when w.organization_id is null then null else w.last_verification end as last_verification
      from webhook_endpoints w
      where w.mode = ${m} and w.enabled and (w.organization_id = ${org} or (w.organization_id is null and w.kind = 'stripe_connect'))),
    statuses as (
      select status, sum(subscriptions) as n from subscription_counts where organization_id = ${org} and mode = ${m}
      group by status having sum(subscriptions) <> 0),
    paying as (
      select plan_id, billing_cycle, sum(subscriptions) as n from subscription_counts
      where organization_id = ${org} and mode = ${m} and status in ('active', 'past_due')
      group by plan_id, billing_cycle having sum(subscriptions) <> 0),
    priced as (
      select lower(p.currency) as currency,
        sum(y.n * case when y.billing_cycle = 'yearly' then round(pp.unit_amount / 12.0) else pp.unit_amount end)
          filter (where pp.unit_amount is not null and p.currency is not null) as amount,
        sum(y.n) filter (where not (pp.unit_amount is not null and p.currency is not null)) as unpriced
      from paying y left join plans p on p.id = y.plan_id left join plan_prices pp on pp.plan_id = y.plan_id and pp.billing_cycle = y.billing_cycle
      group by 1)
    select json_build_object(
      'connections', (select coalesce(json_agg(json_build_object('id', id, 'provider', provider, 'status', status, 'details', details, 'hasEvents', has_events)), '[]') from connections),
      'endpoints', (select coalesce(json_agg(json_build_object('provider', provider, 'kind', kind, 'lastVerification', last_verification)), '[]') from endpoints),
      'activePlans', (select count(*) from plans where organization_id = ${org} and archived_at is null),
      'checkouts', (select json_build_object('created', count(*), 'confirmed', count(*) filter (where status = 'completed' and confirmed_at is not null))
        from checkouts where organization_id = ${org} and mode = ${m}),
      'statuses', (select coalesce(json_object_agg(status, n), '{}') from statuses),
      'mrr', (select coalesce(json_agg(json_build_object('currency', currency, 'amount', amount)), '[]') from priced where amount is not null),
      'unpriced', (select coalesce(sum(unpriced), 0) from priced),
      'churn', json_build_object(
        'started', (select coalesce(sum(started), 0) from subscription_day_counts where organization_id = ${org} and mode = ${m} and day < ${day}),
        'ended', (select coalesce(sum(ended), 0) from subscription_day_counts where organization_id = ${org} and mode = ${m} and day < ${day}),
        'started_today', (select count(*) from subscriptions s where ${scope} and ${everLive}
          and s.created_at >= ${at(dayStart)} and s.created_at < ${at(since)} and (s.canceled_at is null or s.canceled_at > s.created_at)),
        'ended_today', (select count(*) from subscriptions s where ${scope} and ${everLive}
          and s.canceled_at >= ${at(dayStart)} and s.canceled_at < ${at(since)} and s.canceled_at > s.created_at),
        'canceled', (select count(*) from subscriptions s where ${scope} and s.canceled_at >= ${at(since)}),
        'canceled_from_base', (select count(*) from subscriptions s where ${scope} and ${everLive}
          and s.canceled_at >= ${at(since)} and s.created_at < ${at(since)}))) as counts`);
  const { churn, ...counts } = row!.counts;
  return {
    ...counts,
    activePlans: int(counts.activePlans),
    checkouts: { created: int(counts.checkouts.created), confirmed: int(counts.checkouts.confirmed) },
    statuses: Object.fromEntries(Object.entries(counts.statuses).map(([status, n]) => [status, int(n)])),
    mrr: counts.mrr.map((r) => ({ currency: r.currency, amount: int(r.amount) })),
    unpriced: int(counts.unpriced),
    churn: {
      base: int(churn.started) + int(churn.started_today) - int(churn.ended) - int(churn.ended_today),
      canceledFromBase: int(churn.canceled_from_base),
      canceled: int(churn.canceled),
    },
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

const fromPlan = alias(plans, "from_plan");
const toPlan = alias(plans, "to_plan");

/**
 * The organization's newest subscription changes in one mode, with who and what they concern as
 * the merchant knows them; a plan change's two plans by name (changes record plan ids).
 */
export function recentTimeline(db: DbOrTx, organizationId: string, mode: Mode, limit: number) {
  // The plan a plan change names, among the organization's plans (the cast is guarded: only plan changes hold plan ids).
  const named = (plan: typeof fromPlan | typeof toPlan, value: typeof subscriptionTimeline.fromValue | typeof subscriptionTimeline.toValue) =>
    and(eq(plan.organizationId, organizationId), eq(plan.id, sql`case when ${subscriptionTimeline.field} = 'plan' then ${value}::uuid end`));
  return db
    .select({
      id: subscriptionTimeline.id,
      subscriptionId: subscriptionTimeline.subscriptionId,
      provider: subscriptions.provider,
      field: subscriptionTimeline.field,
      fromValue: subscriptionTimeline.fromValue,
      toValue: subscriptionTimeline.toValue,
      fromPlanName: fromPlan.name,
      toPlanName: toPlan.name,
      source: subscriptionTimeline.source,
      at: subscriptionTimeline.recordedAt,
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
    .leftJoin(fromPlan, named(fromPlan, subscriptionTimeline.fromValue))
    .leftJoin(toPlan, named(toPlan, subscriptionTimeline.toValue))
    .where(and(eq(subscriptionTimeline.organizationId, organizationId), eq(subscriptions.mode, mode)))
    .orderBy(desc(subscriptionTimeline.recordedAt), desc(subscriptionTimeline.id))
    .limit(limit);
}

export function recentAudit(db: DbOrTx, organizationId: string, limit: number) {
  return db
    .select({ id: auditLog.id, action: auditLog.action, actorLabel: auditLog.actorLabel, at: auditLog.createdAt })
    .from(auditLog)
    .where(eq(auditLog.organizationId, organizationId))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}
