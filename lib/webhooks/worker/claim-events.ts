import "server-only";
import { and, asc, eq, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db";
import { webhookEvents, type WebhookEvent } from "@/db/schema";

/** What claiming an event writes: processing, leased to `worker`, one more attempt. */
export function claimedBy(worker: string, leaseMs: number) {
  return {
    status: "processing" as const,
    leaseOwner: worker,
    leaseExpiresAt: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
    attempts: sql`${webhookEvents.attempts} + 1`,
  };
}

/**
 * Claims up to `limit` due events for one worker: new ones oldest provider time first (so most
 * apply in order and few need a re-fetch), then failed ones whose retry time has come, then
 * processing ones whose lease expired (their worker died). SKIP LOCKED lets any number of
 * workers claim at once without waiting on, or taking, each other's rows; each step reads an
 * index in order, so a claim costs the same with ten or a million events waiting.
 * `organizationId` limits a worker to one tenant (`beacon worker --org`).
 */
export async function claimEvents(db: DbOrTx, worker: string, limit: number, leaseMs: number, organizationId?: string): Promise<WebhookEvent[]> {
  const tenant = organizationId ? eq(webhookEvents.organizationId, organizationId) : undefined;
  const steps: [SQL | undefined, AnyPgColumn][] = [
    [eq(webhookEvents.status, "pending"), webhookEvents.providerCreatedAt],
    [and(eq(webhookEvents.status, "failed"), lte(webhookEvents.nextAttemptAt, sql`now()`)), webhookEvents.nextAttemptAt],
    [and(eq(webhookEvents.status, "processing"), lt(webhookEvents.leaseExpiresAt, sql`now()`)), webhookEvents.leaseExpiresAt],
  ];
  const claimed: WebhookEvent[] = [];
  for (const [where, order] of steps) {
    if (claimed.length >= limit) break;
    const due = db
      .select({ id: webhookEvents.id })
      .from(webhookEvents)
      .where(and(where, tenant))
      .orderBy(asc(order))
      .limit(limit - claimed.length)
      .for("update", { skipLocked: true });
    claimed.push(
      ...(await db
        .update(webhookEvents)
        .set(claimedBy(worker, leaseMs))
        .where(inArray(webhookEvents.id, due))
        .returning()),
    );
  }
  return claimed;
}
