import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/** Rows moved per statement: each is its own short transaction, so no lock is held for long. */
export const ARCHIVE_BATCH = 5_000;
/** Batches per run: a backlog (the first run after enabling retention) drains over several runs. */
export const ARCHIVE_MAX_BATCHES = 20;

export interface ArchiveOptions {
  retentionDays: number;
  batchSize?: number;
  maxBatches?: number;
}

// Settled (processed or ignored) and older than the retention by every clock the inbox keeps:
// the provider's creation time too, which bounds what the inbox must look up in the archive
// (see inbox-writer). Pending, processing and failed events still have work to do; dead events
// stay for an engineer to read and replay (a provider's redelivery also revives them).
const eligible = (cutoff: ReturnType<typeof sql>) => sql`status in ('processed', 'ignored')
  and provider_created_at < ${cutoff} and received_at < ${cutoff} and coalesce(processed_at, received_at) < ${cutoff}`;

const cutoffOf = (retentionDays: number) => sql`(now() - make_interval(days => ${retentionDays}::int))`;

/** Timestamps in the attempt log as JavaScript writes them (`toISOString`), whatever the session's time zone. */
const isoText = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * Moves one batch of settled events older than the retention, with their attempts, from the inbox
 * into `webhook_events_archive`, in one statement: the rows leave `webhook_events` and
 * `event_attempts` and arrive in the archive atomically. `skip locked` leaves events a worker or
 * an engineer is touching to a later run. Returns how many events moved.
 */
async function archiveBatch(db: DbOrTx, retentionDays: number, batchSize: number): Promise<number> {
  const cutoff = cutoffOf(retentionDays);
  const [row] = await db.execute<{ archived: number }>(sql`
    with candidates as (
      select id from webhook_events where ${eligible(cutoff)} limit ${batchSize}::int for update skip locked
    ),
    moved as (
      delete from webhook_events e using candidates c where e.id = c.id returning e.*
    ),
    moved_attempts as (
      delete from event_attempts a using moved m where a.event_id = m.id returning a.*
    ),
    logs as (
      select event_id, jsonb_agg(jsonb_build_object(
        'id', id, 'worker', worker, 'requestedBy', requested_by, 'startedAt', ${isoText("started_at")},
        'finishedAt', ${isoText("finished_at")}, 'durationMs', duration_ms, 'outcome', outcome, 'error', error, 'logs', logs
      ) order by started_at, id) as log
      from moved_attempts group by event_id
    ),
    stored as (
      insert into webhook_events_archive (id, provider, mode, account, provider_event_id, type, api_version, endpoint_id, organization_id,
        connection_id, provider_created_at, received_at, processed_at, status, decision, decision_note, last_error, attempts, deliveries,
        object_refs, raw_body, attempt_log)
      select m.id, m.provider, m.mode, m.account, m.provider_event_id, m.type, m.api_version, m.endpoint_id, m.organization_id,
        m.connection_id, m.provider_created_at, m.received_at, m.processed_at, m.status, m.decision, m.decision_note, m.last_error, m.attempts,
        m.deliveries, m.object_refs, m.raw_body, coalesce(l.log, '[]'::jsonb)
      from moved m left join logs l on l.event_id = m.id
      -- The archive already holds this event only if a redelivery raced its archiving and was
      -- stored again (see inbox-writer); the first copy stays, counting the second's deliveries.
      on conflict (provider, account, provider_event_id) do update set deliveries = webhook_events_archive.deliveries + excluded.deliveries
      returning 1
    )
    select count(*)::int as archived from stored`);
  return Number(row?.archived ?? 0);
}

/**
 * The `event-archive` job: batches until nothing is left or `maxBatches` ran. Run by `beacon
 * events archive` and every 15 minutes by the server when BEACON_EVENT_RETENTION_DAYS is set.
 */
export async function archiveEvents(db: DbOrTx, { retentionDays, batchSize = ARCHIVE_BATCH, maxBatches = ARCHIVE_MAX_BATCHES }: ArchiveOptions) {
  let archived = 0;
  let batches = 0;
  while (batches < maxBatches) {
    const moved = await archiveBatch(db, retentionDays, batchSize);
    batches += 1;
    archived += moved;
    if (moved < batchSize) return { archived, batches, more: false };
  }
  return { archived, batches, more: true };
}

/** What a run would do, without moving anything: the events it would archive, and the old ones it keeps (by status). */
export async function planArchive(db: DbOrTx, { retentionDays }: { retentionDays: number }) {
  const cutoff = cutoffOf(retentionDays);
  const rows = await db.execute<{ status: string; eligible: boolean; count: number }>(sql`
    select status, ${eligible(cutoff)} as eligible, count(*)::int as count
    from webhook_events
    where received_at < ${cutoff}
    group by 1, 2 order by 1, 2`);
  const archivable = rows.filter((r) => r.eligible).reduce((n, r) => n + Number(r.count), 0);
  const kept = Object.fromEntries(rows.filter((r) => !r.eligible).map((r) => [r.status, Number(r.count)]));
  const [{ cutoff: at } = { cutoff: "" }] = await db.execute<{ cutoff: string }>(sql`select to_char(${cutoff} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as cutoff`);
  return { cutoff: at, archivable, kept };
}
