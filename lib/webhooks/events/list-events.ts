import "server-only";
import { and, count, desc, eq, gte, ilike, lt, lte, ne, or, sql } from "drizzle-orm";
import { db } from "@/db";
import { webhookEvents, webhookRejections } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import type { ListEventsQuery } from "@/lib/validations/events";
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

/** A literal prefix for LIKE: `_`, `%` and `\` match themselves (`\` is PostgreSQL's default escape). */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, "\\$&");

/**
 * The event log: received events and refused deliveries of one organization, newest first,
 * merged on receipt time. Rejections carry no type or payload, so a type filter shows events only.
 */
export async function listEvents({ ctx, input }: { ctx: OrgContext; input: ListEventsQuery }) {
  const org = ctx.organization.id;
  const wantsEvents = input.status !== "rejected";
  const wantsRejections = (!input.status || input.status === "rejected") && !input.type;
  const q = input.q;
  const [events, rejections, summary] = await Promise.all([
    wantsEvents
      ? db
          .select(eventColumns)
          .from(webhookEvents)
          .where(
            and(
              eq(webhookEvents.organizationId, org),
              eq(webhookEvents.mode, input.mode),
              input.provider && eq(webhookEvents.provider, input.provider),
              input.status && input.status !== "rejected" ? eq(webhookEvents.status, input.status) : undefined,
              input.ignored === "hide" && !input.status && !q ? ne(webhookEvents.status, "ignored") : undefined,
              input.type ? ilike(webhookEvents.type, `${escapeLike(input.type)}%`) : undefined,
              q ? or(eq(webhookEvents.providerEventId, q), sql`exists (select 1 from jsonb_each_text(${webhookEvents.objectRefs}) r where r.value = ${q})`, sql`${webhookEvents.id}::text = ${q}`) : undefined,
              input.from && gte(webhookEvents.receivedAt, input.from),
              input.to && lte(webhookEvents.receivedAt, input.to),
              input.before && lt(webhookEvents.receivedAt, input.before),
            ),
          )
          .orderBy(desc(webhookEvents.receivedAt))
          .limit(input.limit)
      : [],
    wantsRejections
      ? db
          .select()
          .from(webhookRejections)
          .where(
            and(
              eq(webhookRejections.organizationId, org),
              input.provider && eq(webhookRejections.provider, input.provider),
              q ? ilike(webhookRejections.bodySha256, `${escapeLike(q)}%`) : undefined,
              input.from && gte(webhookRejections.receivedAt, input.from),
              input.to && lte(webhookRejections.receivedAt, input.to),
              input.before && lt(webhookRejections.receivedAt, input.before),
            ),
          )
          .orderBy(desc(webhookRejections.receivedAt))
          .limit(input.limit)
      : [],
    summarize(org, input.mode),
  ]);
  const described = await describeEvents(org, events);
  const items = [
    ...events.map((e) => ({ kind: "event" as const, ...e, ...described(e), receivedAt: e.receivedAt.toISOString(), providerCreatedAt: e.providerCreatedAt.toISOString(), nextAttemptAt: e.nextAttemptAt.toISOString() })),
    ...rejections.map((r) => ({
      kind: "rejection" as const,
      id: String(r.id),
      provider: r.provider,
      reason: r.reason,
      detail: r.detail,
      skewSeconds: r.skewSeconds,
      bodySha256: r.bodySha256,
      endpointId: r.endpointId,
      receivedAt: r.receivedAt.toISOString(),
    })),
  ]
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    .slice(0, input.limit);
  const full = events.length === input.limit || rejections.length === input.limit;
  return { items, nextBefore: full && items.length ? items.at(-1)!.receivedAt : null, summary };
}

/** What an on-call engineer looks at first: what is stuck, failing or being refused. */
async function summarize(organizationId: string, mode: ListEventsQuery["mode"]) {
  const since = new Date(Date.now() - 86_400_000);
  const [byStatus, [rejected]] = await Promise.all([
    db
      .select({ status: webhookEvents.status, n: count() })
      .from(webhookEvents)
      .where(and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.mode, mode)))
      .groupBy(webhookEvents.status),
    db.select({ n: count() }).from(webhookRejections).where(and(eq(webhookRejections.organizationId, organizationId), gte(webhookRejections.receivedAt, since))),
  ]);
  const of = (s: string) => byStatus.find((r) => r.status === s);
  return {
    pending: (of("pending")?.n ?? 0) + (of("processing")?.n ?? 0),
    retrying: of("failed")?.n ?? 0,
    dead: of("dead")?.n ?? 0,
    processed: of("processed")?.n ?? 0,
    ignored: of("ignored")?.n ?? 0,
    rejectedLast24h: rejected?.n ?? 0,
  };
}

export type ListEventsResponse = Awaited<ReturnType<typeof listEvents>>;
export type EventListItem = ListEventsResponse["items"][number];
