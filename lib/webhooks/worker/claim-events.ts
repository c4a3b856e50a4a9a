import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db";
import { eventAttempts, webhookEvents, type WebhookEvent } from "@/db/schema";
import { subscriptionKeyFree } from "@/lib/subscriptions/lock-subscription-key";

/** A claimed event and the attempt row its claim opened. */
export type ClaimedEvent = WebhookEvent & { attemptId: number };

/** What claiming an event by hand writes: processing, leased to `worker`, one more attempt. */
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

/** An event a claim decided at once (see `claimWork`): its outcome, decision and attempt record. */
export interface Settlement {
  status: "processed" | "ignored";
  decision: string;
  note: string;
  attempt: { finishedAt: Date; durationMs: number; outcome: "processed" | "ignored"; logs: object[] };
}

/**
 * Decides, inside the claim's transaction, what it can of the due events (their rows are locked);
 * the rest are leased. What it writes must roll back to a savepoint of its own when it fails, so
 * the claim still commits.
 */
export type Settle = (tx: Tx, due: WebhookEvent[]) => Promise<Map<string, Settlement>>;

/**
 * Claims up to `limit` due events for one worker, in one transaction: the due rows are locked,
 * `settle` decides what it can of them at once, and one statement then records every claim. A
 * settled event is written once, processed and with its attempt row finished; every other event
 * is leased to the worker with an attempt row open, and returned. The same statement closes the
 * earlier attempts left unfinished, so `attempts` always equals the number of attempt rows,
 * whatever fails when.
 *
 * Fair under load: expired leases (their worker died) and due retries are claimed first, up to
 * half of `limit` (at least one), and new events fill the rest, oldest provider time first (so
 * most apply in order and few need a re-fetch). A take-over or a retry therefore waits one claim,
 * not for the backlog to drain. SKIP LOCKED lets any number of workers claim at once without
 * waiting on, or taking, each other's rows; each step reads an index in order, so a claim costs the
 * same with ten or a million events waiting. `organizationId` limits a worker to one tenant
 * (`beacon worker --org`).
 */
export async function claimWork(
  db: DbOrTx,
  worker: string,
  limit: number,
  leaseMs: number,
  organizationId: string | undefined,
  settle: Settle | null,
): Promise<{ claimed: ClaimedEvent[]; settled: Settlement[] }> {
  const e = webhookEvents;
  const tenant = organizationId ? sql`and ${e.organizationId} = ${organizationId}` : sql``;
  const share = Math.max(1, Math.ceil(limit / 2));
  // Events of a subscription another worker is writing wait for a later claim: workers take
  // different subscriptions instead of queueing on each other's locks.
  const unlocked = sql`and ${subscriptionKeyFree(sql`${e.connectionId}`, sql`${e.objectRefs}->>'subscription'`)}`;
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(e)
      .where(
        sql`${e.id} in (
          with expired as (
            select ${e.id} from ${e} where ${e.status} = 'processing' and ${e.leaseExpiresAt} < now() ${tenant} ${unlocked}
            order by ${e.leaseExpiresAt} limit ${share} for update skip locked
          ), retry as (
            select ${e.id} from ${e} where ${e.status} = 'failed' and ${e.nextAttemptAt} <= now() ${tenant} ${unlocked}
            order by ${e.nextAttemptAt} limit greatest(0, ${share} - (select count(*) from expired)) for update skip locked
          ), fresh as (
            select ${e.id} from ${e} where ${e.status} = 'pending' ${tenant} ${unlocked}
            order by ${e.providerCreatedAt} limit greatest(0, ${limit} - (select count(*) from expired) - (select count(*) from retry)) for update skip locked
          )
          select id from expired union all select id from retry union all select id from fresh)`,
      )
      .orderBy(e.providerCreatedAt, e.id)
      .prepare("claim_due")
      .execute();
    if (due.length === 0) return { claimed: [], settled: [] };
    const settlements = settle ? await settle(tx, due) : new Map<string, Settlement>();
    const claims = due.map((event) => {
      const settled = settlements.get(event.id);
      return settled ? { id: event.id, status: settled.status, decision: settled.decision, note: settled.note, ...settled.attempt } : { id: event.id, status: "processing" };
    });
    const v = tx.$with("v", { id: sql<string>`id`.as("id") }).as(sql`select * from jsonb_to_recordset(${JSON.stringify(claims)}::jsonb) as v(id uuid, status event_status, decision text, note text,
      "finishedAt" timestamptz, "durationMs" integer, outcome attempt_outcome, logs jsonb)`);
    // Data-modifying CTEs all see the rows as they were before the statement: `closed` cannot touch the rows `opened` adds.
    const closed = tx.$with("closed", { id: sql<number>`id`.as("id") }).as(sql`
      update ${eventAttempts} set finished_at = now(), outcome = 'failed', error = ${unfinished(worker)}
      where ${eventAttempts.eventId} in (select id from v) and ${eventAttempts.finishedAt} is null returning ${eventAttempts.id}`);
    const opened = tx.$with("opened", { eventId: sql<string>`event_id`.as("event_id") }).as(sql`
      insert into ${eventAttempts} (event_id, worker, started_at, finished_at, duration_ms, outcome, logs)
      select id, ${worker}, now(), "finishedAt", "durationMs", outcome, coalesce(logs, '[]') from v returning event_id, id as attempt_id`);
    const w = tx
      .$with("w", { id: sql<string>`id`.as("id"), attemptId: sql<number>`attempt_id`.mapWith(Number).as("attempt_id") })
      .as(sql`select v.*, opened.attempt_id from v join opened on opened.event_id = v.id`);
    const leased = sql`w.status = 'processing'`;
    const rows = await tx
      .with(v, closed, opened, w)
      .update(e)
      .set({
        status: sql`w.status`,
        leaseOwner: sql`case when ${leased} then ${worker} end`,
        leaseExpiresAt: sql`case when ${leased} then now() + ${`${leaseMs} milliseconds`}::interval end`,
        attempts: sql`${e.attempts} + 1`,
        decision: sql`case when ${leased} then ${e.decision} else w.decision end`,
        decisionNote: sql`case when ${leased} then ${e.decisionNote} else w.note end`,
        processedAt: sql`case when ${leased} then ${e.processedAt} else now() end`,
        lastError: sql`case when ${leased} then ${e.lastError} end`,
      })
      .from(w)
      .where(sql`${e.id} = w.id`)
      // What the claim changed; the rest of each row (its body above all) was read with `due`.
      .returning({ id: e.id, status: e.status, attempts: e.attempts, leaseOwner: e.leaseOwner, leaseExpiresAt: e.leaseExpiresAt, attemptId: w.attemptId })
      .prepare("claim_record")
      .execute();
    const changed = new Map(rows.map((row) => [row.id, row]));
    const claimed = due.flatMap((event) => {
      const row = changed.get(event.id);
      return row?.status === "processing" ? [{ ...event, ...row }] : [];
    });
    return { claimed, settled: [...settlements.values()] };
  });
}

/** Claims up to `limit` due events for one worker, every one leased (see `claimWork`). */
export async function claimEvents(db: DbOrTx, worker: string, limit: number, leaseMs: number, organizationId?: string): Promise<ClaimedEvent[]> {
  return (await claimWork(db, worker, limit, leaseMs, organizationId, null)).claimed;
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
