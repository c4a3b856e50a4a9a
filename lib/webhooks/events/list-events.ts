import "server-only";
import { and, desc, eq, getTableColumns, gte, ilike, inArray, lt, lte, ne, or, sql } from "drizzle-orm";
import { db } from "@/db";
import { refersToAny } from "@/db/queries/event-refs";
import { webhookEvents, webhookRejections, type EventStatus } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import type { ListEventsQuery } from "@/lib/validations/events";
import { findArchivedEvents } from "@/lib/webhooks/archive/archived-events";
import { describeEvents } from "./describe-events";

const eventColumns = {
  id: webhookEvents.id,
  provider: webhookEvents.provider,
  mode: webhookEvents.mode,
  type: webhookEvents.type,
  providerEventId: webhookEvents.providerEventId,
  status: webhookEvents.status,
  decision: webhookEvents.decision,
  decisionNote: webhookEvents.decisionNote,
  attempts: webhookEvents.attempts,
  deliveries: webhookEvents.deliveries,
  objectRefs: webhookEvents.objectRefs,
  lastError: webhookEvents.lastError,
  nextAttemptAt: webhookEvents.nextAttemptAt,
  providerCreatedAt: webhookEvents.providerCreatedAt,
  receivedAt: webhookEvents.receivedAt,
};

/** A literal prefix for LIKE: `_`, `%` and `\\` match themselves (`\\` is PostgreSQL's default escape). */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, "\\$&");

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Each status count stops here: counting a big organization's events on every poll read them all. */
export const SUMMARY_CAP = 1_000;

/** Receipt time to the microsecond, as sortable text: JavaScript dates stop at the millisecond. */
const exactTime = (column: typeof webhookEvents.receivedAt | typeof webhookRejections.receivedAt) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;

/**
 * Where a page starts, after the row the cursor names. The log's order is receipt time (newest
 * first), then events before rejections, then id: unique, so rows sharing a time are neither
 * skipped nor shown twice. The cursor's time is read from its row, at full precision.
 */
function after(organizationId: string, cursor: string | undefined) {
  if (!cursor) return { events: undefined, rejections: undefined };
  const id = cursor.slice(2);
  if (cursor.startsWith("e:")) {
    const at = sql`(select received_at from webhook_events where id = ${id}::uuid and organization_id = ${organizationId})`;
    return { events: sql`(${webhookEvents.receivedAt}, ${webhookEvents.id}) < (${at}, ${id}::uuid)`, rejections: sql`${webhookRejections.receivedAt} <= ${at}` };
  }
  const at = sql`(select received_at from webhook_rejections where id = ${id}::bigint and organization_id = ${organizationId})`;
  return { events: sql`${webhookEvents.receivedAt} < ${at}`, rejections: sql`(${webhookRejections.receivedAt}, ${webhookRejections.id}) < (${at}, ${id}::bigint)` };
}

/** The log's order on merged rows: newest first, events before rejections, then id (descending). */
function logOrder(a: { at: string; kind: string; id: string | number }, b: typeof a) {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  if (a.kind !== b.kind) return a.kind === "event" ? -1 : 1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * The event log: received events and refused deliveries of one organization, newest first,
 * merged on receipt time. Rejections carry no type or payload, so a type filter shows events only.
 */
export async function listEvents({ ctx, input }: { ctx: OrgContext; input: ListEventsQuery }) {
  const org = ctx.organization.id;
  const wantsEvents = input.status !== "rejected";
  const wantsRejections = (!input.status || input.status === "rejected") && !input.type;
  const q = input.q;
  // The requested window, on either table's receipt time.
  const receivedWithin = (column: typeof webhookEvents.receivedAt | typeof webhookRejections.receivedAt) => [
    input.from && gte(column, input.from),
    input.to && lte(column, input.to),
    input.before && lt(column, input.before),
  ];
  const start = after(org, input.cursor);
  const eventRows = wantsEvents
    ? db
        .select({ row: eventColumns, connectionId: webhookEvents.connectionId, at: exactTime(webhookEvents.receivedAt) })
        .from(webhookEvents)
        .where(
          and(
            eq(webhookEvents.organizationId, org),
            eq(webhookEvents.mode, input.mode),
            input.provider && eq(webhookEvents.provider, input.provider),
            input.status && input.status !== "rejected" ? eq(webhookEvents.status, input.status) : undefined,
            input.ignored === "hide" && !input.status && !q ? ne(webhookEvents.status, "ignored") : undefined,
            input.type ? ilike(webhookEvents.type, `${escapeLike(input.type)}%`) : undefined,
            // Each alternative on an index: the provider event id, an object id (GIN), the event id.
            q ? or(eq(webhookEvents.providerEventId, q), refersToAny(q), uuidPattern.test(q) ? eq(webhookEvents.id, q) : undefined) : undefined,
            ...receivedWithin(webhookEvents.receivedAt),
            start.events,
          ),
        )
        .orderBy(desc(webhookEvents.receivedAt), desc(webhookEvents.id))
        .limit(input.limit)
        .then((rows) => rows)
    : Promise.resolve([]);
  // Each page's customers and amounts are looked up as soon as its events are in, while the summary's counts run.
  const describing = eventRows.then((rows) => describeEvents(org, rows.map((e) => ({ connectionId: e.connectionId, objectRefs: e.row.objectRefs }))));
  const [events, rejections, summary, described, archived] = await Promise.all([
    eventRows,
    wantsRejections
      ? db
          .select({ row: getTableColumns(webhookRejections), at: exactTime(webhookRejections.receivedAt) })
          .from(webhookRejections)
          .where(
            and(
              eq(webhookRejections.organizationId, org),
              input.provider && eq(webhookRejections.provider, input.provider),
              q ? ilike(webhookRejections.bodySha256, `${escapeLike(q)}%`) : undefined,
              ...receivedWithin(webhookRejections.receivedAt),
              start.rejections,
            ),
          )
          .orderBy(desc(webhookRejections.receivedAt), desc(webhookRejections.id))
          .limit(input.limit)
      : [],
    summarize(org, input.mode),
    describing,
    // A search by provider event id also looks in the archive (events past the retention), once, on the first page.
    q && !input.cursor && !input.before ? findArchivedEvents(org, input.mode, q) : [],
  ]);
  const merged = [
    ...events.map(({ at, row: e }) => ({
      at,
      item: { kind: "event" as const, ...e, ...described(e), receivedAt: e.receivedAt.toISOString(), providerCreatedAt: e.providerCreatedAt.toISOString(), nextAttemptAt: e.nextAttemptAt.toISOString() },
    })),
    ...rejections.map(({ at, row: r }) => ({
      at,
      item: {
        kind: "rejection" as const,
        id: String(r.id),
        provider: r.provider,
        reason: r.reason,
        detail: r.detail,
        skewSeconds: r.skewSeconds,
        bodySha256: r.bodySha256,
        endpointId: r.endpointId,
        receivedAt: r.receivedAt.toISOString(),
      },
    })),
  ]
    .sort((a, b) => logOrder({ at: a.at, kind: a.item.kind, id: sortId(a.item) }, { at: b.at, kind: b.item.kind, id: sortId(b.item) }))
    .slice(0, input.limit);
  const items = merged.map((m) => m.item);
  const full = events.length === input.limit || rejections.length === input.limit;
  const last = full ? items.at(-1) : undefined;
  return {
    items,
    /** The last row's receipt time (millisecond precision): rows sharing it may be skipped; use `nextCursor`. */
    nextBefore: last ? last.receivedAt : null,
    /** Pass as `cursor` for the next page. */
    nextCursor: last ? `${last.kind === "event" ? "e" : "r"}:${last.id}` : null,
    summary,
    /** Archived events with the searched provider event id (their pages read them from the archive). */
    archived,
  };
}

/** Event ids compare as text (as PostgreSQL orders uuids), rejection ids as numbers. */
const sortId = (item: { kind: "event" | "rejection"; id: string }) => (item.kind === "event" ? item.id : Number(item.id));

/**
 * What an on-call engineer looks at first: what is stuck, failing or being refused. Each count
 * stops at SUMMARY_CAP (an index-only scan of at most that many entries), so a poll costs the
 * same with a thousand events or ten million; a count equal to the cap reads "at least".
 */
async function summarize(organizationId: string, mode: ListEventsQuery["mode"]) {
  const since = new Date(Date.now() - 86_400_000);
  const upTo = (statuses: EventStatus[]) =>
    sql<number>`(select count(*)::int from (select 1 from ${webhookEvents} where ${and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.mode, mode), inArray(webhookEvents.status, statuses))} limit ${SUMMARY_CAP}) t)`;
  // One statement, one round trip: each count its own bounded subquery.
  const [row] = await db.execute<{ pending: number; retrying: number; dead: number; processed: number; ignored: number; rejected: number }>(sql`select
    ${upTo(["pending", "processing"])} as pending, ${upTo(["failed"])} as retrying, ${upTo(["dead"])} as dead, ${upTo(["processed"])} as processed, ${upTo(["ignored"])} as ignored,
    (select count(*)::int from (select 1 from ${webhookRejections} where ${and(eq(webhookRejections.organizationId, organizationId), gte(webhookRejections.receivedAt, since))} limit ${SUMMARY_CAP}) t) as rejected`);
  return { pending: row!.pending, retrying: row!.retrying, dead: row!.dead, processed: row!.processed, ignored: row!.ignored, rejectedLast24h: row!.rejected, cap: SUMMARY_CAP };
}

export type ListEventsResponse = Awaited<ReturnType<typeof listEvents>>;
export type EventListItem = ListEventsResponse["items"][number];
