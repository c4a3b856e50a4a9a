import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { subscriptions, type WebhookEvent } from "@/db/schema";
import { getAdapter } from "@/lib/providers";
import type { ProviderSubscription } from "@/lib/providers/types";
import { pairsOf, refKey } from "@/lib/subscriptions/resolve-subscription-refs";
import { logger } from "@/lib/utils/logger";
import { second, writeSubscriptions, type SubscriptionWrite } from "../handlers/subscription";
import type { Settle, Settlement } from "./claim-events";
import { connectionHandle, startAttempt } from "./process-event";

/**
 * What a claim settles at once (its `Settle`, see claimWork): the due events whose only change is
 * a subscription state newer than the one applied (most of any busy stream:
 * `customer.subscription.updated`, `.created`, …), written in the claim's own transaction with a
 * handful of statements whatever their number. Each event is then written once: its subscription
 * state, its decision and a finished attempt row, in the claim's one commit. Every other event
 * (ties to re-fetch, stale states, invoices, checkouts, accounts, unrouted events) is leased and
 * becomes one attempt of its own, as `processEvent` makes it, so a slow provider call holds one
 * slot and never the batch. A batch that cannot be written (a same-second state applied
 * meanwhile, a database error) rolls back to its savepoint, and the claim leases its events too:
 * the batch only ever makes things faster, never different.
 */
export function settleBatch(db: Db, worker: string): Settle {
  return async (tx, due) => {
    const candidates: { event: WebhookEvent; snapshot: ProviderSubscription }[] = [];
    for (const event of due) {
      const changes = event.connectionId ? safeChanges(event) : null;
      const [change] = changes ?? [];
      if (changes?.length === 1 && change!.kind === "subscription") candidates.push({ event, snapshot: change!.subscription });
    }
    if (candidates.length < 2) return new Map();
    // Provider time order: one subscription's states apply oldest first.
    candidates.sort((a, b) => a.event.providerCreatedAt.getTime() - b.event.providerCreatedAt.getTime() || a.event.id.localeCompare(b.event.id));
    const current = await tx
      .select({ connectionId: subscriptions.connectionId, providerSubscriptionId: subscriptions.providerSubscriptionId, stateAt: subscriptions.stateAt })
      .from(subscriptions)
      .where(sql`(${subscriptions.connectionId}, ${subscriptions.providerSubscriptionId}) in ${pairsOf(candidates.map(({ event, snapshot }) => ({ connectionId: event.connectionId!, ref: snapshot.providerSubscriptionId })))}`);
    const applied = new Map(current.map((row) => [refKey(row.connectionId, row.providerSubscriptionId), second(row.stateAt)]));
    const batch: typeof candidates = [];
    for (const candidate of candidates) {
      const key = refKey(candidate.event.connectionId!, candidate.snapshot.providerSubscriptionId);
      const at = second(candidate.event.providerCreatedAt);
      const before = applied.get(key);
      // Older or same-second states take the one-event path: it records stale_skipped, or re-fetches.
      if (before !== undefined && at <= before) continue;
      batch.push(candidate);
      applied.set(key, at);
    }
    // A batch of one is the one-event path's work, done its way.
    if (batch.length < 2) return new Map();
    const attempts = batch.map(({ event }) => startAttempt({ ...event, attempts: event.attempts + 1 }, worker));
    try {
      // A savepoint: a batch that cannot be written rolls back alone, and the claim leases its events.
      return await tx.transaction(async (savepoint) => {
        const writes: SubscriptionWrite[] = await Promise.all(
          batch.map(async ({ event, snapshot }, i) => ({
            ctx: { db, event, handle: await connectionHandle(savepoint, event.connectionId!), log: (message: string, level?: string) => attempts[i]!.log(message, level) },
            snapshot,
            occurredAt: event.providerCreatedAt,
            refetched: false,
          })),
        );
        const decisions = await writeSubscriptions(savepoint, writes);
        return new Map(
          decisions.map((decision, i): [string, Settlement] => {
            const status = decision.kind === "ignored" ? "ignored" : "processed";
            attempts[i]!.log(`decision: ${decision.kind} — ${decision.note} (one of ${batch.length} events written together)`);
            const { finishedAt, durationMs, outcome, logs } = attempts[i]!.finish(status, null);
            return [batch[i]!.event.id, { status, decision: decision.kind, note: decision.note, attempt: { finishedAt, durationMs, outcome, logs } }];
          }),
        );
      });
    } catch (error) {
      logger.info({ err: error, events: batch.length }, "batch not written; its events are processed one by one");
      return new Map();
    }
  };
}

function safeChanges(event: WebhookEvent) {
  try {
    return getAdapter(event.provider).toEventChanges(event.rawBody);
  } catch {
    // A body the adapter cannot read fails on the one-event path, which records why.
    return null;
  }
}
