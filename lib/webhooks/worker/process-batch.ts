import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { eventAttempts, subscriptions, webhookEvents } from "@/db/schema";
import { getAdapter } from "@/lib/providers";
import type { ProviderSubscription } from "@/lib/providers/types";
import { pairsOf, refKey } from "@/lib/subscriptions/resolve-subscription-refs";
import { logger } from "@/lib/utils/logger";
import { second, writeSubscriptions, type SubscriptionWrite } from "../handlers/subscription";
import type { ClaimedEvent } from "./claim-events";
import { connectionHandle, processEvent, startAttempt, type ProcessOptions, type ProcessOutcome } from "./process-event";

/** Work made of a claim: `events` of the claim's events, processed when `run` is called. */
export interface ClaimWork {
  events: number;
  run(): Promise<ProcessOutcome[]>;
}

/**
 * Splits a claim into work. Events whose only change is a subscription state newer than the one
 * applied (most of any busy stream: `customer.subscription.updated`, `.created`, …) go into one
 * batch, written and settled in one transaction with a handful of statements whatever its size;
 * every other event (ties to re-fetch, stale states, invoices, checkouts, accounts, unrouted
 * events) is one attempt of its own, as `processEvent` makes it, so a slow provider call holds
 * one slot and never the batch.
 */
export async function planClaim(db: Db, claimed: ClaimedEvent[], options: ProcessOptions): Promise<ClaimWork[]> {
  const single = (event: ClaimedEvent): ClaimWork => ({ events: 1, run: async () => [await processEvent(db, event, options)] });
  const candidates: { event: ClaimedEvent; snapshot: ProviderSubscription }[] = [];
  const singles: ClaimWork[] = [];
  // Provider time order: one subscription's states apply oldest first.
  for (const event of [...claimed].sort((a, b) => a.providerCreatedAt.getTime() - b.providerCreatedAt.getTime() || a.id.localeCompare(b.id))) {
    const changes = event.connectionId ? safeChanges(event) : null;
    const [change] = changes ?? [];
    if (changes?.length === 1 && change!.kind === "subscription") candidates.push({ event, snapshot: change!.subscription });
    else singles.push(single(event));
  }
  if (candidates.length < 2) return [...candidates.map(({ event }) => single(event)), ...singles];

  // What is applied now, for every subscription the candidates name (one statement). If the
  // database cannot say, every event takes the one-event path, which records what happens.
  const current = await db
    .select({ connectionId: subscriptions.connectionId, providerSubscriptionId: subscriptions.providerSubscriptionId, stateAt: subscriptions.stateAt })
    .from(subscriptions)
    .where(sql`(${subscriptions.connectionId}, ${subscriptions.providerSubscriptionId}) in ${pairsOf(candidates.map(({ event, snapshot }) => ({ connectionId: event.connectionId!, ref: snapshot.providerSubscriptionId })))}`)
    .catch(() => null);
  if (!current) return [...singles, ...candidates.map(({ event }) => single(event))];
  const applied = new Map(current.map((row) => [refKey(row.connectionId, row.providerSubscriptionId), second(row.stateAt)]));
  const batch: typeof candidates = [];
  for (const candidate of candidates) {
    const key = refKey(candidate.event.connectionId!, candidate.snapshot.providerSubscriptionId);
    const at = second(candidate.event.providerCreatedAt);
    const before = applied.get(key);
    // Older or same-second states take the one-event path: it records stale_skipped, or re-fetches.
    if (before !== undefined && at <= before) singles.push(single(candidate.event));
    else {
      batch.push(candidate);
      applied.set(key, at);
    }
  }
  // A batch of one is the one-event path's work, done its way.
  if (batch.length < 2) return [...batch.map(({ event }) => single(event)), ...singles];
  return [{ events: batch.length, run: () => processBatch(db, batch, options) }, ...singles];
}

function safeChanges(event: ClaimedEvent) {
  try {
    return getAdapter(event.provider).toEventChanges(event.rawBody);
  } catch {
    // A body the adapter cannot read fails on the one-event path, which records why.
    return null;
  }
}

class BatchLeaseLost extends Error {}

/**
 * One transaction for the batch: the subscription states (`writeSubscriptions`), every event's
 * decision and every attempt's record, committed only while this worker still holds every
 * event's lease. Anything that stops it (a same-second tie that appeared meanwhile, a lost
 * lease, a database error) rolls it all back and each event then takes the one-event path,
 * whose attempt row is still open: the batch only ever makes things faster, never different.
 */
async function processBatch(db: Db, batch: { event: ClaimedEvent; snapshot: ProviderSubscription }[], options: ProcessOptions): Promise<ProcessOutcome[]> {
  try {
    const attempts = batch.map(({ event }) => startAttempt(event, options.worker));
    const writes: SubscriptionWrite[] = await Promise.all(
      batch.map(async ({ event, snapshot }, i) => ({
        ctx: { db, event, handle: await connectionHandle(db, event.connectionId!), log: (message: string, level?: string) => attempts[i]!.log(message, level) },
        snapshot,
        occurredAt: event.providerCreatedAt,
        refetched: false,
      })),
    );
    return await db.transaction(async (tx) => {
      const decisions = await writeSubscriptions(tx, writes);
      const settled = decisions.map((decision, i) => {
        const status = decision.kind === "ignored" ? ("ignored" as const) : ("processed" as const);
        attempts[i]!.log(`decision: ${decision.kind} — ${decision.note} (one of ${batch.length} events written together)`);
        return { id: batch[i]!.event.id, attempt: batch[i]!.event.attemptId, status, decision, record: attempts[i]!.finish(status, null) };
      });
      const [events] = await Promise.all([
        tx.execute<{ id: string }>(sql`
          update ${webhookEvents} as e set status = v.status, decision = v.decision, decision_note = v.note, processed_at = now(),
            lease_owner = null, lease_expires_at = null, last_error = null
          from jsonb_to_recordset(${JSON.stringify(settled.map((s) => ({ id: s.id, status: s.status, decision: s.decision.kind, note: s.decision.note })))}::jsonb)
            as v(id uuid, status event_status, decision text, note text)
          where e.id = v.id and e.lease_owner = ${options.worker}
          returning e.id`),
        tx.execute(sql`
          update ${eventAttempts} as a set finished_at = v."finishedAt", duration_ms = v."durationMs", outcome = v.outcome, error = null, logs = v.logs
          from jsonb_to_recordset(${JSON.stringify(settled.map((s) => ({ id: s.attempt, ...s.record })))}::jsonb)
            as v(id bigint, "finishedAt" timestamptz, "durationMs" integer, outcome attempt_outcome, logs jsonb)
          where a.id = v.id`),
      ]);
      if (events.length < batch.length) throw new BatchLeaseLost();
      return settled.map((s) => s.status);
    });
  } catch (error) {
    logger.info({ err: error, events: batch.length }, "batch not committed; its events are processed one by one");
    return Promise.all(batch.map(({ event }) => processEvent(db, event, options)));
  }
}
