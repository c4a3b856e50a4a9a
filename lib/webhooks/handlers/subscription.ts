import "server-only";
import { and, eq } from "drizzle-orm";
import { subscriptions } from "@/db/schema";
import { upsertCustomer } from "@/lib/customers/upsert-customer";
import { getAdapter } from "@/lib/providers";
import type { ProviderSubscription } from "@/lib/providers/types";
import { applySubscriptionChange } from "@/lib/subscriptions/apply-subscription-change";
import { lockSubscriptionKey } from "@/lib/subscriptions/lock-subscription-key";
import { RetryAttempt, type Apply, type HandlerContext } from "./types";

const iso = (d: Date) => d.toISOString();
const second = (d: Date) => Math.floor(d.getTime() / 1000);

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

export async function writeSubscription(tx: Parameters<Apply>[0], ctx: HandlerContext, snapshot: ProviderSubscription, occurredAt: Date, refetched: boolean) {
  const { event, handle } = ctx;
  // Locks in one order everywhere (customer row, then the subscription), as the checkouts'
  // writer does, so concurrent writers wait for each other instead of deadlocking.
  const customerId = snapshot.providerCustomerId
    ? await upsertCustomer(tx, { connection: handle.connection, providerCustomerId: snapshot.providerCustomerId })
    : undefined;
  if (!refetched) {
    // Another worker may have applied a state of the same second since `prepare` looked (two
    // events of one subscription processed at once). Only the provider can order them, and no
    // provider call happens inside the transaction: the attempt retries, and its `prepare`
    // finds the tie and re-fetches first.
    await lockSubscriptionKey(tx, handle.connection.id, snapshot.providerSubscriptionId);
    const [locked] = await tx
      .select({ stateAt: subscriptions.stateAt })
      .from(subscriptions)
      .where(and(eq(subscriptions.connectionId, handle.connection.id), eq(subscriptions.providerSubscriptionId, snapshot.providerSubscriptionId)));
    if (locked && second(locked.stateAt) === second(occurredAt)) {
      throw new RetryAttempt(
        `a state of the same second was applied to ${snapshot.providerSubscriptionId} while this attempt was prepared (at ${iso(locked.stateAt)}); the next attempt re-fetches it from the provider first`,
      );
    }
  }
  const result = await applySubscriptionChange(tx, {
    connection: handle.connection,
    subscription: snapshot,
    occurredAt,
    source: "event",
    sourceRef: event.providerEventId,
    customerId,
  });
  if (!result.applied) {
    ctx.log("a newer state was applied concurrently; skipped");
    return { kind: "stale_skipped" as const, note: "A newer state was applied while this event was processed" };
  }
  const changed = result.changedFields;
  const transition = result.previousStatus && result.previousStatus !== snapshot.status ? `${result.previousStatus} → ${snapshot.status}` : snapshot.status;
  ctx.log(changed.length ? `subscription ${snapshot.providerSubscriptionId}: ${changed.join(", ")} changed (${transition})` : "state already current");
  const summary = changed.length ? `Subscription ${transition} (${changed.join(", ")})` : `Already ${snapshot.status}; nothing changed`;
  if (refetched) return { kind: "refetched" as const, note: `Re-fetched: ${summary}` };
  return { kind: changed.length ? ("applied" as const) : ("duplicate" as const), note: summary };
}
