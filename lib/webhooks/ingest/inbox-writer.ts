import "server-only";
import { EventEmitter } from "node:events";
import type { Db } from "@/db";
import type { webhookEvents } from "@/db/schema";
import { MIN_EVENT_RETENTION_DAYS } from "@/lib/env";
import { iso } from "@/lib/utils/iso";

export type InboxRow = typeof webhookEvents.$inferInsert & { account: string };

export interface InboxWrite {
  eventId: string;
  /** False for a redelivery of an event already in the inbox or its archive: counted, not stored again. */
  inserted: boolean;
}

interface Pending {
  row: InboxRow;
  resolve: (result: InboxWrite) => void;
  reject: (error: unknown) => void;
}

/**
 * Fired after new events are stored, so an in-process worker starts at once instead of polling.
 * On globalThis: Next loads route handlers and instrumentation as separate module graphs.
 */
const g = globalThis as { __beaconInboxSignal?: EventEmitter };
export const inboxSignal = (g.__beaconInboxSignal ??= new EventEmitter().setMaxListeners(0));

const keyOf = (row: { provider: string; account: string; providerEventId: string }) => `${row.provider}\u0000${row.account}\u0000${row.providerEventId}`;

/**
 * Group commit for the inbox. A redelivery is counted; a redelivery of an event Beacon parked as
 * `dead` also puts it back in the queue (due now, its attempt count kept, so one more failure parks
 * it again): the provider retrying is a reason to try again, not only a number.
 * A delivery is acknowledged only after the statement holding its
 * row commits; deliveries that arrive while earlier statements are in flight share the next
 * one (one multi-row INSERT … ON CONFLICT), so under load each event costs a fraction of a
 * round trip and no delivery waits on a timer.
 */
export class InboxWriter {
  private queue: Pending[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Db,
    // One statement at a time, each carrying every delivery that arrived while the previous one
    // committed: the batch grows with the load, so the database's cost per event falls as the
    // load rises. Measured with `npm run bench -- ingest` (2 cores, PostgreSQL 15): one in
    // flight used the least CPU per event in the server and in Postgres and had the best
    // throughput at 16 and 64 concurrent deliveries; 2 was within noise at 16, 4 and 8 spent
    // more CPU per event on smaller statements and lost 10–20%.
    private readonly maxInFlight = 1,
    private readonly maxBatch = 256,
  ) {}

  write(row: InboxRow): Promise<InboxWrite> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight += 1;
      void this.flush(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async flush(batch: Pending[]) {
    // The same event twice in one statement would make ON CONFLICT touch a row twice (an
    // error), so copies are folded into one row carrying their count.
    const groups = new Map<string, Pending[]>();
    for (const pending of batch) {
      const key = keyOf(pending.row);
      const group = groups.get(key);
      if (group) group.push(pending);
      else groups.set(key, [pending]);
    }
    try {
      const stored = await insertRows(this.db.$client, [...groups.values()]);
      for (const result of stored) {
        const group = groups.get(keyOf(result)) ?? [];
        group.forEach((pending, i) => pending.resolve({ eventId: result.id, inserted: result.inserted && i === 0 }));
      }
      if (stored.some((r) => r.queued)) inboxSignal.emit("stored");
    } catch (error) {
      if (groups.size === 1) return batch.forEach((p) => p.reject(error));
      // One bad row must not fail its neighbours: retry each event on its own.
      await Promise.all([...groups.values()].map((group) => this.flush(group)));
    }
  }
}

// Columns as they travel: each value is its own bind parameter, so a 5 KB body goes to Postgres
// as it came (no escaping into a JSON document for Postgres to parse back, which cost more than
// the insert itself). Postgres infers each parameter's type from its column; in the statement
// that reads the archive the values stand apart from the insert, so they are cast.
const columns = [
  ["provider", "provider"], ["mode", "mode"], ["account", "text"], ["provider_event_id", "text"], ["type", "text"], ["api_version", "text"],
  ["endpoint_id", "uuid"], ["organization_id", "uuid"], ["connection_id", "uuid"], ["provider_created_at", "timestamptz"], ["raw_body", "text"],
  ["object_refs", "jsonb"], ["status", "event_status"], ["decision", "text"], ["decision_note", "text"], ["processed_at", "timestamptz"], ["deliveries", "int"],
] as const;
const names = columns.map(([name]) => name).join(", ");
const onConflict = `on conflict (provider, account, provider_event_id) do update set deliveries = webhook_events.deliveries + excluded.deliveries,
        status = case when webhook_events.status = 'dead' then 'pending' else webhook_events.status end,
        next_attempt_at = case when webhook_events.status = 'dead' then now() else webhook_events.next_attempt_at end`;

// An event is archived only once the provider created it more than MIN_EVENT_RETENTION_DAYS ago
// (archive-events requires it), and a redelivery carries the same creation time. So a batch of
// younger events, the usual traffic, takes the plain insert, as cheap as before the archive
// existed; a batch holding an older one takes the statement that also looks in the archive,
// where a match is a duplicate: counted on the archived row, nothing stored. A day of margin
// covers a clock that differs between this process and the database.
const archiveHorizonDays = MIN_EVENT_RETENTION_DAYS - 1;
const mayBeArchived = (row: InboxRow) => row.providerCreatedAt.getTime() < Date.now() - archiveHorizonDays * 86_400_000;

// One statement text per batch size and kind, prepared once per connection and text.
const statements = new Map<string, string>();
function insertSql(size: number, readsArchive: boolean) {
  const key = `${size}:${readsArchive}`;
  let text = statements.get(key);
  if (!text) {
    const rows = Array.from({ length: size }, (_, r) => `(${columns.map(([, type], c) => `$${r * columns.length + c + 1}${readsArchive ? `::${type}` : ""}`).join(", ")})`).join(", ");
    text = readsArchive
      ? `with incoming (${names}) as (values ${rows}),
      archived as (
        update webhook_events_archive a set deliveries = a.deliveries + i.deliveries from incoming i
        where i.provider_created_at < now() - interval '${archiveHorizonDays} days'
          and a.provider = i.provider and a.account = i.account and a.provider_event_id = i.provider_event_id
        returning a.id, a.provider, a.account, a.provider_event_id
      ),
      stored as (
        insert into webhook_events (${names}) select ${names} from incoming i
        where not exists (select 1 from archived x where x.provider = i.provider and x.account = i.account and x.provider_event_id = i.provider_event_id)
        ${onConflict}
        returning id, provider, account, provider_event_id, (xmax = 0) as inserted, status = 'pending' as queued
      )
      select id, provider, account, provider_event_id as "providerEventId", inserted, queued from stored
      union all select id, provider, account, provider_event_id, false, false from archived`
      : `insert into webhook_events (${names}) values ${rows}
      ${onConflict}
      returning id, provider, account, provider_event_id as "providerEventId", (xmax = 0) as inserted, status = 'pending' as queued`;
    statements.set(key, text);
  }
  return text;
}

function insertRows(client: Db["$client"], groups: Pending[][]) {
  // drizzle leaves dates and JSON to its own mapping, so this client takes them as text.
  const params: unknown[] = [];
  for (const group of groups) {
    const r = group[0]!.row;
    params.push(
      r.provider,
      r.mode,
      r.account,
      r.providerEventId,
      r.type,
      r.apiVersion ?? null,
      r.endpointId ?? null,
      r.organizationId ?? null,
      r.connectionId ?? null,
      r.providerCreatedAt.toISOString(),
      r.rawBody,
      JSON.stringify(r.objectRefs ?? {}),
      r.status ?? "pending",
      r.decision ?? null,
      r.decisionNote ?? null,
      iso(r.processedAt),
      group.length,
    );
  }
  return client.unsafe<{ id: string; provider: string; account: string; providerEventId: string; inserted: boolean; queued: boolean }[]>(insertSql(groups.length, groups.some((group) => mayBeArchived(group[0]!.row))), params as never[], {
    prepare: true,
  });
}
