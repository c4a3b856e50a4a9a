import "server-only";
import { and, count, desc, eq, gte, inArray, isNull, lt, lte, max, min, sql, sum } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { checkouts, eventAttempts, providerConnections, webhookEndpoints, webhookEvents, webhookRejections, type Mode } from "@/db/schema";

// The facts alerts are computed from, for one organization in one mode.

const int = (value: unknown) => Number(value ?? 0);
export const signatureReasons = ["missing_signature", "bad_signature", "timestamp_out_of_tolerance"];

/**
 * The organization's refused deliveries since a time, in one mode: only those that arrived at an
 * endpoint Beacon gave to this organization (its Conekta URL) and take that endpoint's mode.
 * Anyone can post anything to Beacon's shared Stripe URL and name any account in the body, so a
 * delivery that verified against nothing is the operators' concern, never a tenant's alert, even
 * if an older row still carries an organization taken from its body.
 */
export function rejectionsInMode(organizationId: string, mode: Mode, since: Date) {
  return and(
    eq(webhookRejections.organizationId, organizationId),
    gte(webhookRejections.receivedAt, since),
    eq(webhookEndpoints.organizationId, organizationId),
    eq(webhookEndpoints.mode, mode),
  );
}

/** Refused deliveries attributed to the organization since a time, by endpoint and reason. */
export async function rejectionsSince(db: DbOrTx, organizationId: string, mode: Mode, since: Date) {
  const rows = await db
    .select({
      provider: webhookRejections.provider,
      endpointId: webhookRejections.endpointId,
      reason: webhookRejections.reason,
      n: count(),
      maxSkew: max(sql<number>`abs(${webhookRejections.skewSeconds})`),
    })
    .from(webhookRejections)
    .leftJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookRejections.endpointId))
    .where(rejectionsInMode(organizationId, mode, since))
    .groupBy(webhookRejections.provider, webhookRejections.endpointId, webhookRejections.reason);
  return rows.map((r) => ({ ...r, n: int(r.n), maxSkew: r.maxSkew === null ? null : int(r.maxSkew) }));
}

/** Verified deliveries (redeliveries included) of events first received since a time, by provider and endpoint. */
export async function deliveriesSince(db: DbOrTx, organizationId: string, mode: Mode, since: Date) {
  const rows = await db
    .select({ provider: webhookEvents.provider, endpointId: webhookEvents.endpointId, n: sum(webhookEvents.deliveries) })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.mode, mode), gte(webhookEvents.receivedAt, since)))
    .groupBy(webhookEvents.provider, webhookEvents.endpointId);
  return rows.map((r) => ({ ...r, n: int(r.n) }));
}

export async function attemptOutcomesSince(db: DbOrTx, organizationId: string, mode: Mode, since: Date) {
  const rows = await db
    .select({ provider: webhookEvents.provider, outcome: eventAttempts.outcome, n: count() })
    .from(eventAttempts)
    .innerJoin(webhookEvents, eq(webhookEvents.id, eventAttempts.eventId))
    .where(and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.mode, mode), gte(eventAttempts.startedAt, since)))
    .groupBy(webhookEvents.provider, eventAttempts.outcome);
  return rows.map((r) => ({ ...r, n: int(r.n) }));
}

/** Dead events, newest first (the first is linked when there is only one). */
export async function deadEvents(db: DbOrTx, organizationId: string, mode: Mode) {
  const scope = and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.mode, mode), eq(webhookEvents.status, "dead"));
  const [total] = await db.select({ n: count() }).from(webhookEvents).where(scope);
  const [newest] = await db.select({ id: webhookEvents.id }).from(webhookEvents).where(scope).orderBy(desc(webhookEvents.receivedAt)).limit(1);
  return { count: int(total?.n), newestId: newest?.id ?? null };
}

/**
 * Events due for a worker (new, or failed with their retry time come) and since when the oldest
 * has been due. A failed event waiting out its backoff is not late, so it is not counted.
 */
export async function dueEvents(db: DbOrTx, organizationId: string, mode: Mode, now: Date) {
  const [row] = await db
    .select({ n: count(), oldest: min(webhookEvents.nextAttemptAt) })
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.organizationId, organizationId),
        eq(webhookEvents.mode, mode),
        inArray(webhookEvents.status, ["pending", "failed"]),
        lte(webhookEvents.nextAttemptAt, now),
      ),
    );
  return { count: int(row?.n), oldest: row?.oldest ? new Date(row.oldest) : null };
}

export async function stuckCheckouts(db: DbOrTx, organizationId: string, mode: Mode, openedBefore: Date) {
  const [row] = await db
    .select({ n: count() })
    .from(checkouts)
    .where(
      and(
        eq(checkouts.organizationId, organizationId),
        eq(checkouts.mode, mode),
        eq(checkouts.status, "open"),
        isNull(checkouts.confirmedAt),
        lt(checkouts.createdAt, openedBefore),
      ),
    );
  return int(row?.n);
}

/** Per provider: checkouts created in [from, to) and events received since the first of them. */
export async function checkoutsWithoutEvents(db: DbOrTx, organizationId: string, mode: Mode, from: Date, to: Date) {
  const created = await db
    .select({ provider: checkouts.provider, n: count(), first: min(checkouts.createdAt) })
    .from(checkouts)
    .where(and(eq(checkouts.organizationId, organizationId), eq(checkouts.mode, mode), gte(checkouts.createdAt, from), lt(checkouts.createdAt, to)))
    .groupBy(checkouts.provider);
  const result = [];
  for (const row of created) {
    const first = new Date(row.first!);
    const [events] = await db
      .select({ n: count() })
      .from(webhookEvents)
      .where(
        and(
          eq(webhookEvents.organizationId, organizationId),
          eq(webhookEvents.mode, mode),
          eq(webhookEvents.provider, row.provider),
          gte(webhookEvents.receivedAt, first),
        ),
      );
    result.push({ provider: row.provider, checkouts: int(row.n), firstCreatedAt: first, events: int(events?.n) });
  }
  return result;
}

export function troubledConnections(db: DbOrTx, organizationId: string, mode: Mode) {
  return db
    .select({ id: providerConnections.id, provider: providerConnections.provider, status: providerConnections.status, details: providerConnections.details })
    .from(providerConnections)
    .where(
      and(
        eq(providerConnections.organizationId, organizationId),
        eq(providerConnections.mode, mode),
        inArray(providerConnections.status, ["restricted", "disconnected"]),
      ),
    );
}
