import "server-only";
import { and, eq, gte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import {
  webhookEndpoints,
  webhookRejections,
  type ConnectionDetails,
  type ConnectionStatus,
  type EventAttempt,
  type Mode,
  type Provider,
} from "@/db/schema";
import { newestApiVersionsCte } from "./api-versions";

// The facts alerts are computed from, for one organization in one mode.

export const signatureReasons = ["missing_signature", "bad_signature", "timestamp_out_of_tolerance"];

/**
 * The organization's refused deliveries since a time, in one mode: only those that arrived at an
 * endpoint Beacon gave to this organization (its Conekta URL) and take that endpoint's mode.
 * Anyone can post anything to Beacon's shared Stripe URL and name any account in the body, so a
 * delivery that verified against nothing is the operators' concern, never a tenant's alert, even
 * if an older row still carries an organization taken from its body.
 */
export function rejectionsInMode(organizationId: string, mode: Mode, since: Date) {
  return and(
    eq(webhookRejections.organizationId, organizationId),
    gte(webhookRejections.receivedAt, since),
    eq(webhookEndpoints.organizationId, organizationId),
    eq(webhookEndpoints.mode, mode),
  );
}

/** The instants each alert rule looks back to (lib/observability/thresholds.ts). */
export interface AlertWindows {
  now: Date;
  /** Signature failures since. */
  signaturesSince: Date;
  /** The endpoint failure ratio's rejections and deliveries since. */
  deliveriesSince: Date;
  /** Processing attempts since (the failure rate). */
  attemptsSince: Date;
  /** Checkouts created in [from, to) that should have produced an event by now. */
  checkoutsFrom: Date;
  checkoutsTo: Date;
  /** Open checkouts created before this are stuck. */
  stuckBefore: Date;
}

type Row = Record<string, unknown>;
const rowsOf = (value: unknown) => (value ?? []) as Row[];
const int = (value: unknown) => Number(value ?? 0);
const rejectionRows = (value: unknown) =>
  rowsOf(value).map((r) => ({ provider: r.provider as Provider, endpointId: r.endpointId as string | null, reason: r.reason as string, n: int(r.n), maxSkew: r.maxSkew === null ? null : int(r.maxSkew) }));

/**
 * Every fact the alert rules judge, for one organization in one mode, in one statement (a visit to
 * the Overview or Observability costs one round trip for its alerts, not one per rule):
 *
 * - connections restricted or disconnected;
 * - refused deliveries attributed to the organization (`rejectionsInMode`) since each window's
 *   start, by provider, endpoint and reason, with the largest clock skew;
 * - verified deliveries (redeliveries included) of events first received since a time, by
 *   provider and endpoint, read only when a delivery was refused in that window: the ratio of
 *   refusals to deliveries raises nothing without a refusal, so a healthy organization's day of
 *   events is not summed on every visit;
 * - processing attempts since a time, by provider and outcome, read only when one of them failed
 *   (on the failures' index): likewise, a failure rate of zero raises nothing;
 * - dead events, and the newest (linked when it is the only one);
 * - events due for a worker (new, or failed with their retry time come) and since when the oldest
 *   has been due: a failed event waiting out its backoff is not late, so it is not counted;
 * - open checkouts never confirmed, created before a time;
 * - per provider, checkouts created in a window and whether any event of that provider arrived
 *   since the first of them (an existence probe, not a count of the events);
 * - per endpoint, the provider and API version of its newest versioned event of the week
 *   (`newestApiVersions`).
 */
export async function alertFacts(db: DbOrTx, organizationId: string, mode: Mode, w: AlertWindows) {
  const org = sql`${organizationId}::uuid`;
  const m = sql`${mode}::mode`;
  const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const events = sql`e.organization_id = ${org} and e.mode = ${m}`;
  const rejections = (since: Date) => sql`(select coalesce(json_agg(json_build_object('provider', provider, 'endpointId', endpoint_id, 'reason', reason, 'n', n, 'maxSkew', max_skew)), '[]') from (
      select ${webhookRejections.provider} as provider, ${webhookRejections.endpointId} as endpoint_id, ${webhookRejections.reason} as reason, count(*) as n,
        max(abs(${webhookRejections.skewSeconds})) as max_skew
      from ${webhookRejections} left join ${webhookEndpoints} on ${webhookEndpoints.id} = ${webhookRejections.endpointId}
      where ${rejectionsInMode(organizationId, mode, since)} group by 1, 2, 3) r)`;
  const [row] = await db.execute<{ facts: Row }>(sql`
    with recursive ${newestApiVersionsCte(organizationId, mode, w.now)},
    created as (
      select c.provider, count(*) as n, min(c.created_at) as first from checkouts c
      where c.organization_id = ${org} and c.mode = ${m} and c.created_at >= ${at(w.checkoutsFrom)} and c.created_at < ${at(w.checkoutsTo)}
      group by c.provider)
    select json_build_object(
      'connections', (select coalesce(json_agg(json_build_object('id', id, 'provider', provider, 'status', status, 'details', details)), '[]')
        from provider_connections where organization_id = ${org} and mode = ${m} and status in ('restricted', 'disconnected')),
      'signatureRejections', ${rejections(w.signaturesSince)},
      'deliveryRejections', ${rejections(w.deliveriesSince)},
      'deliveries', (select coalesce(json_agg(json_build_object('provider', provider, 'endpointId', endpoint_id, 'n', n)), '[]') from (
        select e.provider, e.endpoint_id, sum(e.deliveries) as n from webhook_events e where ${events} and e.received_at >= ${at(w.deliveriesSince)}
          and exists (select 1 from ${webhookRejections} left join ${webhookEndpoints} on ${webhookEndpoints.id} = ${webhookRejections.endpointId}
            where ${rejectionsInMode(organizationId, mode, w.deliveriesSince)})
        group by 1, 2) d),
      'attempts', (select coalesce(json_agg(json_build_object('provider', provider, 'outcome', outcome, 'n', n)), '[]') from (
        select e.provider, a.outcome, count(*) as n from event_attempts a join webhook_events e on e.id = a.event_id
        where ${events} and a.started_at >= ${at(w.attemptsSince)}
          and exists (select 1 from event_attempts f join webhook_events fe on fe.id = f.event_id
            where f.outcome in ('failed', 'dead') and f.started_at >= ${at(w.attemptsSince)} and fe.organization_id = ${org} and fe.mode = ${m})
        group by 1, 2) o),
      'dead', (select count(*) from webhook_events e where ${events} and e.status = 'dead'),
      'newestDead', (select e.id from webhook_events e where ${events} and e.status = 'dead' order by e.received_at desc limit 1),
      'due', (select json_build_object('n', count(*), 'oldest', min(e.next_attempt_at)) from webhook_events e
        where ${events} and e.status in ('pending', 'failed') and e.next_attempt_at <= ${at(w.now)}),
      'stuck', (select count(*) from checkouts c where c.organization_id = ${org} and c.mode = ${m} and c.status = 'open' and c.confirmed_at is null
        and c.created_at < ${at(w.stuckBefore)}),
      -- The first event since, on the inbox's (organization, mode, time) index: an EXISTS would drop
      -- the order and limit and may plan a sequential scan.
      'silent', (select coalesce(json_agg(json_build_object('provider', c.provider, 'n', c.n, 'first', c.first, 'hasEvents',
        (select e.received_at from webhook_events e where ${events} and e.received_at >= c.first and e.provider = c.provider
          order by e.received_at limit 1) is not null)), '[]') from created c),
      'versions', (select coalesce(json_agg(json_build_object('endpointId', endpoint_id, 'provider', provider, 'version', api_version) order by received_at desc), '[]') from newest_api_versions)
    ) as facts`);
  const f = row!.facts;
  const due = f.due as Row;
  return {
    troubledConnections: rowsOf(f.connections) as { id: string; provider: Provider; status: ConnectionStatus; details: ConnectionDetails | null }[],
    signatureRejections: rejectionRows(f.signatureRejections),
    deliveryRejections: rejectionRows(f.deliveryRejections),
    deliveries: rowsOf(f.deliveries).map((r) => ({ provider: r.provider as Provider, endpointId: r.endpointId as string | null, n: int(r.n) })),
    attempts: rowsOf(f.attempts).map((r) => ({ provider: r.provider as Provider, outcome: r.outcome as EventAttempt["outcome"], n: int(r.n) })),
    dead: { count: int(f.dead), newestId: (f.newestDead as string | null) ?? null },
    due: { count: int(due.n), oldest: due.oldest ? new Date(due.oldest as string) : null },
    stuckCheckouts: int(f.stuck),
    checkoutsWithoutEvents: rowsOf(f.silent).map((r) => ({ provider: r.provider as Provider, checkouts: int(r.n), firstCreatedAt: new Date(r.first as string), hasEvents: r.hasEvents === true })),
    /** Per endpoint, its newest versioned event's provider and version, most recently seen first. */
    newestVersions: rowsOf(f.versions).map((r) => ({ endpointId: r.endpointId as string, provider: r.provider as Provider, version: r.version as string })),
  };
}

export type AlertFacts = Awaited<ReturnType<typeof alertFacts>>;
