import "server-only";
import { EventEmitter } from "node:events";
import type { Db } from "@/db";
import type { webhookEvents } from "@/db/schema";

export type InboxRow = typeof webhookEvents.$inferInsert & { account: string };

export interface InboxWrite {
  eventId: string;
  /** False for a redelivery of an event already in the inbox: counted, not stored again. */
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
 * Group commit for the inbox. A delivery is acknowledged only after the statement holding its
 * row commits; deliveries that arrive while earlier statements are in flight share the next
 * one (one multi-row INSERT … ON CONFLICT), so under load each event costs a fraction of a
 * round trip and no delivery waits on a timer.
 */
export class InboxWriter {
  private queue: Pending[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Db,
    // A commit costs about one WAL flush whatever its size. Four statements in flight let
    // Postgres share flushes between them at low concurrency (two left deliveries queueing
    // behind a flush: 0.6× the baseline at 16), while under load batches still grow; eight made
    // batches too small (measured with `npm run bench -- ingest`).
    private readonly maxInFlight = 4,
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
      groups.set(key, [...(groups.get(key) ?? []), pending]);
    }
    try {
      const rows = [...groups.values()].map((g) => ({ ...g[0]!.row, deliveries: g.length }));
      const stored = await insertRows(this.db.$client, rows);
      for (const result of stored) {
        const group = groups.get(keyOf(result)) ?? [];
        group.forEach((pending, i) => pending.resolve({ eventId: result.id, inserted: result.inserted && i === 0 }));
      }
      if (stored.some((r) => r.inserted)) inboxSignal.emit("stored");
    } catch (error) {
      if (groups.size === 1) return batch.forEach((p) => p.reject(error));
      // One bad row must not fail its neighbours: retry each event on its own.
      await Promise.all([...groups.values()].map((group) => this.flush(group)));
    }
  }
}

// One statement text for every batch size (the batch travels as one JSON document that
// Postgres turns into rows), so each connection prepares it once and no per-value escaping
// happens in JavaScript; drizzle's builder would make a new statement per batch size.
const insertSql = `insert into webhook_events
  (provider, mode, account, provider_event_id, type, endpoint_id, organization_id, connection_id,
   provider_created_at, raw_body, object_refs, status, decision, decision_note, processed_at, deliveries)
select provider::provider, mode::mode, account, provider_event_id, type, endpoint_id, organization_id, connection_id,
  provider_created_at, raw_body, object_refs, coalesce(status, 'pending')::event_status, decision, decision_note, processed_at, deliveries
from json_to_recordset($1::json) as r(provider text, mode text, account text, provider_event_id text, type text, endpoint_id uuid,
  organization_id uuid, connection_id uuid, provider_created_at timestamptz, raw_body text, object_refs jsonb, status text,
  decision text, decision_note text, processed_at timestamptz, deliveries int)
on conflict (provider, account, provider_event_id) do update set deliveries = webhook_events.deliveries + excluded.deliveries
returning id, provider, account, provider_event_id as "providerEventId", (xmax = 0) as inserted`;

function insertRows(client: Db["$client"], rows: (InboxRow & { deliveries: number })[]) {
  const batch = rows.map((r) => ({
    provider: r.provider,
    mode: r.mode,
    account: r.account,
    provider_event_id: r.providerEventId,
    type: r.type,
    endpoint_id: r.endpointId ?? null,
    organization_id: r.organizationId ?? null,
    connection_id: r.connectionId ?? null,
    provider_created_at: r.providerCreatedAt,
    raw_body: r.rawBody,
    object_refs: r.objectRefs ?? {},
    status: r.status ?? null,
    decision: r.decision ?? null,
    decision_note: r.decisionNote ?? null,
    processed_at: r.processedAt ?? null,
    deliveries: r.deliveries,
  }));
  return client.unsafe<{ id: string; provider: string; account: string; providerEventId: string; inserted: boolean }[]>(insertSql, [JSON.stringify(batch)], {
    prepare: true,
  });
}
