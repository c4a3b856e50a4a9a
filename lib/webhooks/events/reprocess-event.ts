import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { webhookEvents } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { actorOf, requireRole, type OrgContext } from "@/lib/auth/context";
import { defaultRetryPolicy } from "../worker/backoff";
import { claimOne } from "../worker/claim-events";
import { processEvent } from "../worker/process-event";
import { DEFAULT_LEASE_MS, workerName } from "../worker/run-worker";

/**
 * An admin runs one event again, whatever its status (a dead one after a fix, a processed one to
 * re-check): claimed like a worker would, processed now, the attempt marked with who asked and
 * the request audited. State still never regresses: a stale event is skipped again.
 */
export async function reprocessEvent({ ctx, input }: { ctx: OrgContext; input: { eventId: string } }) {
  requireRole(ctx, "admin");
  const worker = workerName("reprocess");
  const claimed = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.id, input.eventId), eq(webhookEvents.organizationId, ctx.organization.id)))
      .for("update");
    if (!row) throw new DomainError("not_found", "No such event in this organization.");
    if (row.status === "processing" && row.leaseExpiresAt && row.leaseExpiresAt > new Date()) {
      throw new DomainError("conflict", "A worker is processing this event right now; try again when it finishes.");
    }
    const updated = await claimOne(tx, row.id, worker, DEFAULT_LEASE_MS, actorOf(ctx.principal).actorLabel);
    await recordAudit(tx, ctx, {
      action: "webhook_event.reprocessed",
      targetType: "webhook_event",
      targetId: row.id,
      metadata: { provider: row.provider, providerEventId: row.providerEventId, type: row.type, previousStatus: row.status },
    });
    return { event: updated, wasDead: row.status === "dead" };
  });
  // A dead event gets one manual try: if it fails again it stays dead rather than re-entering retries.
  const policy = claimed.wasDead ? { ...defaultRetryPolicy, maxAttempts: claimed.event.attempts } : defaultRetryPolicy;
  const outcome = await processEvent(db, claimed.event, { worker, policy });
  const [after] = await db
    .select({ status: webhookEvents.status, decision: webhookEvents.decision, decisionNote: webhookEvents.decisionNote, lastError: webhookEvents.lastError })
    .from(webhookEvents)
    .where(eq(webhookEvents.id, claimed.event.id));
  return { eventId: claimed.event.id, outcome, ...after! };
}
export type ReprocessEventResponse = Awaited<ReturnType<typeof reprocessEvent>>;
