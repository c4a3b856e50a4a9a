import "server-only";
import { and, count, desc, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { eventReplayItems, eventReplays, webhookEvents, type EventReplay, type EventStatus } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import { DomainError } from "@/lib/errors";

const unsettled: EventStatus[] = ["pending", "processing"];

/**
 * A replay's progress and result, read from its events as they are now: how many are still
 * waiting or running, how each settled (status and decision), and the first few that failed again.
 */
export async function getReplay({ ctx, input }: { ctx: OrgContext; input: { replayId: string } }) {
  const [replay] = await db
    .select()
    .from(eventReplays)
    .where(and(eq(eventReplays.id, input.replayId), eq(eventReplays.organizationId, ctx.organization.id)));
  if (!replay) throw new DomainError("not_found", "No such replay in this organization.");
  const items = eq(eventReplayItems.replayId, replay.id);
  const [rows, failing] = await Promise.all([
    db
      .select({ status: webhookEvents.status, decision: webhookEvents.decision, n: count() })
      .from(eventReplayItems)
      .innerJoin(webhookEvents, eq(webhookEvents.id, eventReplayItems.eventId))
      .where(items)
      .groupBy(webhookEvents.status, webhookEvents.decision),
    db
      .select({ id: webhookEvents.id, type: webhookEvents.type, status: webhookEvents.status, lastError: webhookEvents.lastError })
      .from(eventReplayItems)
      .innerJoin(webhookEvents, eq(webhookEvents.id, eventReplayItems.eventId))
      .where(and(items, inArray(webhookEvents.status, ["failed", "dead"])))
      .limit(5),
  ]);
  const byStatus: Record<EventStatus, number> = { pending: 0, processing: 0, processed: 0, ignored: 0, failed: 0, dead: 0 };
  const byDecision: Record<string, number> = {};
  for (const r of rows) {
    byStatus[r.status] += r.n;
    if (r.decision && !unsettled.includes(r.status)) byDecision[r.decision] = (byDecision[r.decision] ?? 0) + r.n;
  }
  const waiting = byStatus.pending + byStatus.processing;
  return { ...serializeReplay(replay), settled: replay.queued - waiting, done: waiting === 0, byStatus, byDecision, failing };
}

export type ReplayProgress = Awaited<ReturnType<typeof getReplay>>;

/** The organization's latest replays, newest first. */
export async function listReplays({ ctx, input }: { ctx: OrgContext; input: { limit?: number } }) {
  const rows = await db
    .select()
    .from(eventReplays)
    .where(eq(eventReplays.organizationId, ctx.organization.id))
    .orderBy(desc(eventReplays.createdAt))
    .limit(input.limit ?? 10);
  return { items: rows.map(serializeReplay) };
}

function serializeReplay(r: EventReplay) {
  return { id: r.id, mode: r.mode, filter: r.filter, queued: r.queued, requestedBy: r.requestedBy, createdAt: r.createdAt.toISOString() };
}
