import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import type { Mode } from "@/db/schema";
import { LAG_BUCKETS_PER_OCTAVE, LAG_ZERO_BUCKET, MIN_LAG_SECONDS } from "@/lib/observability/lag-histogram";

// Observability's hourly figures of the inbox (db/schema/event-rollups.ts). One SQL computes an
// hour from the events themselves; the `event-rollups` job stores its answer for closed hours
// and the chart runs it live for the rest (the current hour, hours not rolled up yet, hours a
// later write marked stale), so a stored hour and a live one can never disagree.

/** One organization's, mode's and UTC hour's figures. */
export interface HourlyFigures {
  hour: Date;
  received: number;
  deliveries: number;
  processed: number;
  /** Seconds (exact decimal, as text). */
  lagSum: string;
  lagHistogram: Record<string, number>;
  failures: number;
}

/** Rollups older than this are deleted: the longest chart is 7 days. */
export const ROLLUP_DAYS = 8;
/** A closed hour is rolled up this long after it ends, so writes in flight across its end are in. */
export const ROLLUP_GRACE_MINUTES = 5;

const hourOf = (column: SQL) => sql`date_bin('1 hour', ${column}, timestamptz 'epoch')`;

/**
 * The hourly figures of every hour in `spans` (a CTE body giving organization_id, mode, from_at,
 * to_at; spans must not overlap), as the CTE `hourly`. Each span reads the inbox's
 * (organization, mode, time) indexes.
 */
function hourlyFromEvents(spans: SQL) {
  const lag = sql`greatest(0, extract(epoch from e.processed_at - e.provider_created_at))`;
  const bucket = sql`case when lag < ${sql.raw(String(MIN_LAG_SECONDS))} then ${sql.raw(String(LAG_ZERO_BUCKET))} else floor(${sql.raw(String(LAG_BUCKETS_PER_OCTAVE))} * log(2.0, lag))::int end`;
  // Each span's rows are read by a lateral subquery, so each is an index range scan whatever the
  // planner guesses about the spans.
  return sql`spans (organization_id, mode, from_at, to_at) as (${spans}),
    received as (
      select s.organization_id, s.mode, r.* from spans s cross join lateral (
        select ${hourOf(sql`e.received_at`)} as hour, count(*)::int as received, sum(e.deliveries)::int as deliveries from webhook_events e
        where e.organization_id = s.organization_id and e.mode = s.mode and e.received_at >= s.from_at and e.received_at < s.to_at group by 1) r),
    lag_buckets as (
      select s.organization_id, s.mode, l.* from spans s cross join lateral (
        select hour, ${bucket} as k, count(*)::int as n, sum(lag) as lag_sum from (
          select ${hourOf(sql`e.processed_at`)} as hour, ${lag} as lag from webhook_events e
          where e.organization_id = s.organization_id and e.mode = s.mode and e.processed_at >= s.from_at and e.processed_at < s.to_at) x
        group by 1, 2) l),
    processed as (
      select organization_id, mode, hour, sum(n)::int as processed, sum(lag_sum) as lag_sum, jsonb_object_agg(k, n) as lag_histogram
      from lag_buckets group by 1, 2, 3),
    failures as (
      select s.organization_id, s.mode, f.* from spans s cross join lateral (
        select ${hourOf(sql`a.started_at`)} as hour, count(*)::int as failures from event_attempts a join webhook_events e on e.id = a.event_id
        where a.started_at >= s.from_at and a.started_at < s.to_at and a.outcome in ('failed', 'dead') and e.organization_id = s.organization_id and e.mode = s.mode
        group by 1) f),
    hourly as (
      select organization_id, mode, hour, coalesce(received, 0) as received, coalesce(deliveries, 0) as deliveries, coalesce(processed, 0) as processed,
        coalesce(lag_sum, 0) as lag_sum, coalesce(lag_histogram, '{}') as lag_histogram, coalesce(failures, 0) as failures
      from received full join processed using (organization_id, mode, hour) full join failures using (organization_id, mode, hour))`;
}

/**
 * One organization's and mode's hourly figures for [from, to) (whole hours), in one statement so
 * the rollups, their coverage and the stale marks are read at one instant: stored hours where the
 * rollups cover them and nothing marked them, the rest computed from the inbox.
 */
export async function hourlyFigures(db: DbOrTx, organizationId: string, mode: Mode, from: Date, to: Date): Promise<HourlyFigures[]> {
  const f = sql`${from.toISOString()}::timestamptz`;
  const t = sql`${to.toISOString()}::timestamptz`;
  const org = sql`${organizationId}::uuid`;
  const m = sql`${mode}::mode`;
  // The rolled-up hours inside the window, [rf, rt); empty (rf = rt = to) before the job's first run.
  const rows = await db.execute<{ hour: string; received: number; deliveries: number; processed: number; lag_sum: string; lag_histogram: Record<string, number>; failures: number }>(sql`
    with bounds as (
      select coalesce(least(greatest(s.rolled_from, ${f}), ${t}), ${t}) as rf, coalesce(least(greatest(s.rolled_through, ${f}), ${t}), ${t}) as rt
      from (select 1) one left join event_rollup_state s on s.id = 1),
    ${hourlyFromEvents(sql`
      select ${org}, ${m}, ${f}, rf from bounds where rf > ${f}
      union all select ${org}, ${m}, rt, ${t} from bounds where rt < ${t}
      union all select distinct ${org}, ${m}, mk.hour, mk.hour + interval '1 hour' from event_rollup_marks mk, bounds b
        where mk.organization_id = ${org} and mk.mode = ${m} and mk.hour >= b.rf and mk.hour < b.rt`)}
    select hour, received, deliveries, processed, lag_sum, lag_histogram, failures from hourly
    union all
    select r.hour, r.received, r.deliveries, r.processed, r.lag_sum, r.lag_histogram, r.failures from event_hourly_rollups r, bounds b
    where r.organization_id = ${org} and r.mode = ${m} and r.hour >= b.rf and r.hour < b.rt
      and not exists (select 1 from event_rollup_marks mk where mk.organization_id = r.organization_id and mk.mode = r.mode and mk.hour = r.hour)`);
  return rows.map((r) => ({
    hour: new Date(r.hour),
    received: Number(r.received),
    deliveries: Number(r.deliveries),
    processed: Number(r.processed),
    lagSum: String(r.lag_sum),
    lagHistogram: r.lag_histogram,
    failures: Number(r.failures),
  }));
}

/**
 * The job: rolls up every hour closed for ROLLUP_GRACE_MINUTES since the last run (the last
 * ROLLUP_DAYS on the first run), recomputes the rolled-up hours marked stale, deletes the marks it
 * read and the rollups older than ROLLUP_DAYS. Repeatable read: the marks deleted are exactly
 * those whose writes the recomputation saw; a write committed meanwhile keeps its mark.
 */
export function rollUpEvents(db: DbOrTx) {
  return db.transaction(
    async (tx) => {
      const [state] = await tx.execute<{ keep_from: string | Date; through: string | Date; rolled_through: string | Date | null }>(sql`
        select date_bin('1 hour', now() - ${`${ROLLUP_DAYS} days`}::interval, timestamptz 'epoch') as keep_from,
               date_bin('1 hour', now() - ${`${ROLLUP_GRACE_MINUTES} minutes`}::interval, timestamptz 'epoch') as through,
               (select rolled_through from event_rollup_state) as rolled_through`);
      const at = (value: string | Date) => sql`${new Date(value).toISOString()}::timestamptz`;
      const keepFrom = at(state!.keep_from);
      const through = at(state!.through);
      // greatest() skips a null: before the first run, everything since keepFrom.
      const from = sql`greatest(${state!.rolled_through && new Date(state!.rolled_through).toISOString()}::timestamptz, ${keepFrom})`;
      const stale = sql`select distinct organization_id, mode, hour from event_rollup_marks where hour >= ${keepFrom} and hour < ${from}`;
      await tx.execute(sql`delete from event_hourly_rollups r using (${stale}) m where r.organization_id = m.organization_id and r.mode = m.mode and r.hour = m.hour`);
      const written = await tx.execute<{ n: number }>(sql`
        with ${hourlyFromEvents(sql`
          select o.id, m.mode, ${from}, ${through} from organizations o cross join unnest(enum_range(null::mode)) m (mode)
          where ${through} > ${from}
          union all select organization_id, mode, hour, hour + interval '1 hour' from (${stale}) m`)},
        written as (
          insert into event_hourly_rollups (organization_id, mode, hour, received, deliveries, processed, lag_sum, lag_histogram, failures)
          select * from hourly
          on conflict (organization_id, mode, hour) do update set received = excluded.received, deliveries = excluded.deliveries, processed = excluded.processed,
            lag_sum = excluded.lag_sum, lag_histogram = excluded.lag_histogram, failures = excluded.failures
          returning 1)
        select count(*)::int as n from written`);
      const marks = await tx.execute(sql`delete from event_rollup_marks`);
      await tx.execute(sql`delete from event_hourly_rollups where hour < ${keepFrom}`);
      await tx.execute(sql`
        insert into event_rollup_state (id, rolled_from, rolled_through) values (1, ${keepFrom}, greatest(${through}, ${from}))
        on conflict (id) do update set rolled_from = excluded.rolled_from, rolled_through = excluded.rolled_through`);
      return { hours: Number(written[0]?.n ?? 0), marks: marks.count ?? 0, rolledThrough: new Date(state!.through) };
    },
    { isolationLevel: "repeatable read" },
  );
}
