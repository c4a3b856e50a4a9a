import "server-only";
import { count, eq, inArray, isNotNull, min, sql, sum } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { checkouts, eventAttempts, webhookEvents, webhookRejections } from "@/db/schema";

// Aggregates behind /api/metrics, over every organization. Derived from the tables at scrape
// time so every app or worker process reports the same numbers.

const int = (value: unknown) => Number(value ?? 0);

export async function deliveryCounts(db: DbOrTx) {
  const rows = await db
    .select({
      provider: webhookEvents.provider,
      mode: webhookEvents.mode,
      type: webhookEvents.type,
      deliveries: sum(webhookEvents.deliveries),
      // Per event, every delivery after the first; an event that counts none (stored by a
      // reconcile or a replay, not a delivery) adds nothing rather than a negative.
      duplicates: sum(sql`greatest(${webhookEvents.deliveries} - 1, 0)`),
    })
    .from(webhookEvents)
    .groupBy(webhookEvents.provider, webhookEvents.mode, webhookEvents.type);
  return rows.map((r) => ({ ...r, deliveries: int(r.deliveries), duplicates: int(r.duplicates) }));
}

/** Refused deliveries by provider and reason; `unattributed` of them belong to no organization. */
export async function rejectionCounts(db: DbOrTx) {
  const rows = await db
    .select({
      provider: webhookRejections.provider,
      reason: webhookRejections.reason,
      n: count(),
      unattributed: sql<string>`count(*) filter (where ${webhookRejections.organizationId} is null)`,
    })
    .from(webhookRejections)
    .groupBy(webhookRejections.provider, webhookRejections.reason);
  return rows.map((r) => ({ ...r, n: int(r.n), unattributed: int(r.unattributed) }));
}

export async function attemptOutcomeCounts(db: DbOrTx) {
  const rows = await db
    .select({ provider: webhookEvents.provider, mode: webhookEvents.mode, outcome: eventAttempts.outcome, n: count() })
    .from(eventAttempts)
    .innerJoin(webhookEvents, eq(webhookEvents.id, eventAttempts.eventId))
    .where(isNotNull(eventAttempts.outcome))
    .groupBy(webhookEvents.provider, webhookEvents.mode, eventAttempts.outcome);
  return rows.map((r) => ({ ...r, outcome: r.outcome!, n: int(r.n) }));
}

export async function eventStatusCounts(db: DbOrTx) {
  const rows = await db
    .select({ provider: webhookEvents.provider, mode: webhookEvents.mode, status: webhookEvents.status, n: count() })
    .from(webhookEvents)
    .groupBy(webhookEvents.provider, webhookEvents.mode, webhookEvents.status);
  return rows.map((r) => ({ ...r, n: int(r.n) }));
}

/**
 * The inbox's unfinished events by provider, mode and status (pending, failed = waiting for a
 * retry, processing = leased), with the oldest pending event's receipt and the oldest provider
 * time among those not yet applied.
 */
export async function inboxBacklog(db: DbOrTx, now: Date) {
  const rows = await db
    .select({
      provider: webhookEvents.provider,
      mode: webhookEvents.mode,
      status: webhookEvents.status,
      depth: count(),
      oldestReceivedAt: min(webhookEvents.receivedAt),
      oldestProviderAt: min(webhookEvents.providerCreatedAt),
    })
    .from(webhookEvents)
    .where(inArray(webhookEvents.status, ["pending", "failed", "processing"]))
    .groupBy(webhookEvents.provider, webhookEvents.mode, webhookEvents.status);
  const seconds = (d: Date | null) => (d ? Math.max(0, (now.getTime() - new Date(d).getTime()) / 1000) : 0);
  return rows.map((r) => ({
    provider: r.provider,
    mode: r.mode,
    status: r.status,
    depth: int(r.depth),
    oldestAgeSeconds: seconds(r.oldestReceivedAt),
    lagSeconds: seconds(r.oldestProviderAt),
  }));
}

/** Cumulative counts of processed events whose lag (processed − provider's event time) is ≤ each bound. */
export async function processingLagHistogram(db: DbOrTx, bounds: readonly number[]) {
  const lag = sql`greatest(0, extract(epoch from (${webhookEvents.processedAt} - ${webhookEvents.providerCreatedAt})))`;
  const bucketColumns = Object.fromEntries(bounds.map((b, i) => [`b${i}`, sql<string>`count(*) filter (where ${lag} <= ${b})`]));
  const rows = await db
    .select({ provider: webhookEvents.provider, mode: webhookEvents.mode, n: count(), total: sql<string>`coalesce(sum(${lag}), 0)`, ...bucketColumns })
    .from(webhookEvents)
    .where(isNotNull(webhookEvents.processedAt))
    .groupBy(webhookEvents.provider, webhookEvents.mode);
  return rows.map((r) => {
    const row = r as Record<string, unknown>;
    return { provider: r.provider, mode: r.mode, count: int(r.n), sum: Number(r.total), cumulative: bounds.map((_, i) => int(row[`b${i}`])) };
  });
}

export async function checkoutCounts(db: DbOrTx, stuckBefore: Date) {
  const rows = await db
    .select({
      provider: checkouts.provider,
      mode: checkouts.mode,
      status: checkouts.status,
      created: count(),
      confirmed: sql<string>`count(*) filter (where ${checkouts.confirmedAt} is not null)`,
      stuck: sql<string>`count(*) filter (where ${checkouts.status} = 'open' and ${checkouts.confirmedAt} is null and ${checkouts.createdAt} < ${stuckBefore.toISOString()}::timestamptz)`,
    })
    .from(checkouts)
    .groupBy(checkouts.provider, checkouts.mode, checkouts.status);
  return rows.map((r) => ({ provider: r.provider, mode: r.mode, status: r.status, created: int(r.created), confirmed: int(r.confirmed), stuck: int(r.stuck) }));
}
