import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { subscriptions } from "@/db/schema";
import { upsertCustomers } from "@/lib/customers/upsert-customer";
import { getAdapter } from "@/lib/providers";
import type { ProviderSubscription } from "@/lib/providers/types";
import { applySubscriptionChanges } from "@/lib/subscriptions/apply-subscription-change";
import { refKey } from "@/lib/subscriptions/resolve-subscription-refs";
import { RetryAttempt, type Apply, type Decision, type HandlerContext } from "./types";

const iso = (d: Date) => d.toISOString();
/** Provider event times have whole seconds: the unit in which their order is known. */
export const second = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * Applies a subscription snapshot by the provider's clock, not arrival order: older than the
 * state already applied → stale_skipped; the same second → re-fetched from the provider (the
 * event order within a second is unknowable); newer → applied. A tie that appears only after
 * `prepare` looked (another worker applied a state meanwhile) retries the attempt.
 */
export async function prepareSubscription(ctx: HandlerContext, fromEvent: ProviderSubscription): Promise<Apply> {
  const { db, event, handle } = ctx;
  const at = event.providerCreatedAt;
  const [current] = await db
    .select({ stateAt: subscriptions.stateAt, status: subscriptions.status })
    .from(subscriptions)
    .where(and(eq(subscriptions.connectionId, handle.connection.id), eq(subscriptions.providerSubscriptionId, fromEvent.providerSubscriptionId)));
  // Provider event times have whole seconds; a state applied from a retrieval (return
  // confirmation, re-fetch) may carry milliseconds. Within one second the order is unknowable.
  const eventSecond = second(at);
  const stateSecond = current ? second(current.stateAt) : -Infinity;
  if (current && eventSecond < stateSecond) {
    ctx.log(`event at ${iso(at)} is older than the state applied at ${iso(current.stateAt)} (${current.status}); skipped`);
    return async () => ({ kind: "stale_skipped", note: `Older than the subscription's state at ${iso(current.stateAt)}` });
  }
  if (current && eventSecond === stateSecond) {
    ctx.log(`same-second tie with the state applied at ${iso(current.stateAt)}: re-fetching ${fromEvent.providerSubscriptionId}`);
    const snapshot = await getAdapter(handle.connection.provider).retrieveSubscription(handle, {
      subscriptionId: fromEvent.providerSubscriptionId,
      customerId: fromEvent.providerCustomerId,
    });
    ctx.log(`provider says ${snapshot.providerStatus}`);
    // The provider's current state is at least as new as what is applied.
    const occurredAt = new Date(Math.max(at.getTime(), current.stateAt.getTime()));
    return (tx) => writeSubscription(tx, ctx, snapshot, occurredAt, true);
  }
  return (tx) => writeSubscription(tx, ctx, fromEvent, at, false);
}

export function writeSubscription(tx: Tx, ctx: HandlerContext, snapshot: ProviderSubscription, occurredAt: Date, refetched: boolean): Promise<Decision> {
  return writeSubscriptions(tx, [{ ctx, snapshot, occurredAt, refetched }]).then(([decision]) => decision!);
}

/** A subscription state to write for an event: the event's own snapshot, or a re-fetched one. */
export interface SubscriptionWrite {
  ctx: HandlerContext;
  snapshot: ProviderSubscription;
  occurredAt: Date;
  refetched: boolean;
}

/**
 * Writes events' subscription states in one transaction, in the order given (a worker's batch
 * sorts them by provider time), with a handful of statements whatever their number, and says
 * what each event's change did.
 */
export async function writeSubscriptions(tx: Tx, writes: SubscriptionWrite[]): Promise<Decision[]> {
  const keyOf = ({ ctx, snapshot }: SubscriptionWrite) => refKey(ctx.handle.connection.id, snapshot.providerSubscriptionId);
  // Locks in one order everywhere (customer rows, then the subscriptions), as the checkouts'
  // writer does, so concurrent writers wait for each other instead of deadlocking.
  const customerIds = await upsertCustomers(
    tx,
    writes.flatMap(({ ctx, snapshot }) => (snapshot.providerCustomerId ? [{ connection: ctx.handle.connection, providerCustomerId: snapshot.providerCustomerId }] : [])),
  );
  // Another worker may have applied a state of the same second since `prepare` looked (two
  // events of one subscription processed at once). Only the provider can order them, and no
  // provider call happens inside the transaction: the attempt retries, and its `prepare`
  // finds the tie and re-fetches first. Judged on the rows as the writer locked them.
  const sameSecondTie = (locked: { connectionId: string; providerSubscriptionId: string; stateAt: Date }[]) => {
    const applied = new Map(locked.map((row) => [refKey(row.connectionId, row.providerSubscriptionId), row.stateAt]));
    for (const write of writes) {
      const at = applied.get(keyOf(write));
      if (!write.refetched && at && second(at) === second(write.occurredAt)) {
        throw new RetryAttempt(
          `a state of the same second was applied to ${write.snapshot.providerSubscriptionId} while this attempt was prepared (at ${iso(at)}); the next attempt re-fetches it from the provider first`,
        );
      }
      if (!at || write.occurredAt >= at) applied.set(keyOf(write), write.occurredAt);
    }
  };
  const results = await applySubscriptionChanges(
    tx,
    writes.map(({ ctx, snapshot, occurredAt }) => ({
      connection: ctx.handle.connection,
      subscription: snapshot,
      occurredAt,
      source: "event" as const,
      sourceRef: ctx.event.providerEventId,
      customerId: snapshot.providerCustomerId ? customerIds.get(refKey(ctx.handle.connection.id, snapshot.providerCustomerId)) : undefined,
    })),
    sameSecondTie,
  );
  return results.map((result, i) => {
    const { ctx, snapshot, refetched } = writes[i]!;
    if (!result.applied) {
      ctx.log("a newer state was applied concurrently; skipped");
      return { kind: "stale_skipped", note: "A newer state was applied while this event was processed" };
    }
    const changed = result.changedFields;
    const transition = result.previousStatus && result.previousStatus !== snapshot.status ? `${result.previousStatus} → ${snapshot.status}` : snapshot.status;
    ctx.log(changed.length ? `subscription ${snapshot.providerSubscriptionId}: ${changed.join(", ")} changed (${transition})` : "state already current");
    const summary = changed.length ? `Subscription ${transition} (${changed.join(", ")})` : `Already ${snapshot.status}; nothing changed`;
    if (refetched) return { kind: "refetched", note: `Re-fetched: ${summary}` };
    return { kind: changed.length ? "applied" : "duplicate", note: summary };
  });
}
