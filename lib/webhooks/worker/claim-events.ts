import "server-only";
import { eq, getTableColumns, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db";
import { eventAttempts, webhookEvents, type WebhookEvent } from "@/db/schema";

/** A claimed event and the attempt row its claim opened. */
export type ClaimedEvent = WebhookEvent & { attemptId: number };

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
 * What an earlier attempt's row says when its event is claimed again without an outcome recorded:
 * its worker's lease ran out. Whether that worker stopped or only lost the database for longer than
 * its lease is not known here, so the row says neither; a worker claiming back its own event knows.
 */
const unfinished = (worker: string) => sql`case when ${eventAttempts.worker} = ${worker}
  then 'Unfinished: this worker lost the database before it could record an outcome; its lease expired and it claimed the event again'
  else 'Unfinished: no outcome was recorded before the lease of ' || ${eventAttempts.worker} || ' expired (the worker stopped, or lost the database); the event was taken over' end`;

/**
 * Claims up to `limit` due events for one worker, in one statement that also closes the earlier
 * attempts left unfinished and opens each claimed event's attempt row, so `attempts` always
 * equals the number of attempt rows, whatever fails when.
 *
 * Fair under load: expired leases (their worker died) and due retries are claimed first, up to
 * half of `limit` (at least one), and new events fill the rest, oldest provider time first (so
 * most apply in order and few need a re-fetch). A take-over or a retry therefore waits one claim,
 * not for the backlog to drain. SKIP LOCKED lets any number of workers claim at once without
 * waiting on, or taking, each other's rows; each step reads an index in order, so a claim costs the
 * same with ten or a million events waiting. `organizationId` limits a worker to one tenant
 * (`beacon worker --org`).
 */
export async function claimEvents(db: DbOrTx, worker: string, limit: number, leaseMs: number, organizationId?: string): Promise<ClaimedEvent[]> {
  const e = webhookEvents;
  const tenant = organizationId ? sql`and ${e.organizationId} = ${organizationId}` : sql``;
  const share = Math.max(1, Math.ceil(limit / 2));
  const due = db.$with("due", { id: sql<string>`id`.as("id") }).as(sql`
    with expired as (
      select ${e.id} from ${e} where ${e.status} = 'processing' and ${e.leaseExpiresAt} < now() ${tenant}
      order by ${e.leaseExpiresAt} limit ${share} for update skip locked
    ), retry as (
      select ${e.id} from ${e} where ${e.status} = 'failed' and ${e.nextAttemptAt} <= now() ${tenant}
      order by ${e.nextAttemptAt} limit greatest(0, ${share} - (select count(*) from expired)) for update skip locked
    ), fresh as (
      select ${e.id} from ${e} where ${e.status} = 'pending' ${tenant}
      order by ${e.providerCreatedAt} limit greatest(0, ${limit} - (select count(*) from expired) - (select count(*) from retry)) for update skip locked
    )
    select id from expired union all select id from retry union all select id from fresh`);
  // Data-modifying CTEs all see the rows as they were before the statement: `closed` cannot touch the rows `opened` adds.
  const closed = db.$with("closed", { id: sql<number>`id`.as("id") }).as(sql`
    update ${eventAttempts} set finished_at = now(), outcome = 'failed', error = ${unfinished(worker)}
    where ${eventAttempts.eventId} in (select id from due) and ${eventAttempts.finishedAt} is null returning ${eventAttempts.id}`);
  const opened = db.$with("opened", { eventId: sql<string>`event_id`.as("event_id"), attemptId: sql<number>`attempt_id`.mapWith(Number).as("attempt_id") }).as(sql`
    insert into ${eventAttempts} (event_id, worker, started_at) select id, ${worker}, now() from due returning event_id, id as attempt_id`);
  return db
    .with(due, closed, opened)
    .update(webhookEvents)
    .set(claimedBy(worker, leaseMs))
    .from(opened)
    .where(eq(webhookEvents.id, opened.eventId))
    .returning({ ...getTableColumns(webhookEvents), attemptId: opened.attemptId })
    .prepare("claim_events")
    .execute();
}

/** One event claimed by hand (an admin's reprocess), inside the caller's transaction: the same writes as a worker's claim. */
export async function claimOne(tx: Tx, eventId: string, worker: string, leaseMs: number, requestedBy: string): Promise<ClaimedEvent> {
  await tx
    .update(eventAttempts)
    .set({ finishedAt: sql`now()`, outcome: "failed", error: unfinished(worker) })
    .where(sql`${eventAttempts.eventId} = ${eventId} and ${eventAttempts.finishedAt} is null`);
  const [attempt] = await tx.insert(eventAttempts).values({ eventId, worker, startedAt: sql`now()`, requestedBy }).returning({ id: eventAttempts.id });
  const [event] = await tx.update(webhookEvents).set(claimedBy(worker, leaseMs)).where(eq(webhookEvents.id, eventId)).returning();
  return { ...event!, attemptId: attempt!.id };
}
