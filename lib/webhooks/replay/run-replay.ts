import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { eventReplayItems, eventReplays, webhookEvents } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { actorOf, requireRole, type OrgContext } from "@/lib/auth/context";
import type { ReplayFilterInput } from "@/lib/validations/replay";
import { inboxSignal } from "../ingest/inbox-writer";
import { REPLAY_MAX_EVENTS, replayScope, storedFilter } from "./replay-scope";

const ITEM_CHUNK = 5_000;

/**
 * Runs a bulk replay: the events the filter selects (oldest first, at most REPLAY_MAX_EVENTS) go
 * back in the queue as due `pending` events, in one audited transaction, and the workers take them
 * from there. Nothing is processed here: each event is claimed under a lease and applied through
 * the single writers exactly as any delivery is (`claimEvents` → `processEvent`), so a replay can
 * never apply an effect twice, even with the event's own retry, a redelivery or another replay
 * racing it. An event a worker holds right now is locked, so it is skipped, not taken from it.
 * A dead event keeps its attempt count: it gets one more try, and parks as dead again if it fails.
 */
export async function runReplay({ ctx, input }: { ctx: OrgContext; input: ReplayFilterInput }) {
  requireRole(ctx, "admin");
  const filter = storedFilter(input);
  const scope = replayScope(ctx.organization.id, input);
  const replay = await db.transaction(async (tx) => {
    const picked = tx
      .select({ id: webhookEvents.id })
      .from(webhookEvents)
      .where(scope)
      .orderBy(asc(webhookEvents.providerCreatedAt))
      .limit(REPLAY_MAX_EVENTS)
      .for("update", { skipLocked: true });
    const queued = await tx
      .update(webhookEvents)
      .set({ status: "pending", nextAttemptAt: new Date(), leaseOwner: null, leaseExpiresAt: null })
      .where(inArray(webhookEvents.id, picked))
      .returning({ id: webhookEvents.id });
    const [row] = await tx
      .insert(eventReplays)
      .values({ organizationId: ctx.organization.id, mode: input.mode, filter, queued: queued.length, requestedBy: actorOf(ctx.principal).actorLabel })
      .returning();
    for (let i = 0; i < queued.length; i += ITEM_CHUNK) {
      await tx.insert(eventReplayItems).values(queued.slice(i, i + ITEM_CHUNK).map((e) => ({ replayId: row!.id, eventId: e.id })));
    }
    await recordAudit(tx, ctx, {
      action: "webhook_events.replayed",
      targetType: "event_replay",
      targetId: row!.id,
      metadata: { mode: input.mode, filter, queued: queued.length },
    });
    return row!;
  });
  // Wakes this process's worker at once, as a new delivery does; others find the events on their next poll.
  if (replay.queued > 0) inboxSignal.emit("stored");
  return { replayId: replay.id, queued: replay.queued };
}

export type RunReplayResponse = Awaited<ReturnType<typeof runReplay>>;

/** Marks nothing: only for tests and the bench, the ids a replay queued. */
export async function replayEventIds(replayId: string) {
  const rows = await db.select({ id: eventReplayItems.eventId }).from(eventReplayItems).where(eq(eventReplayItems.replayId, replayId));
  return rows.map((r) => r.id);
}
