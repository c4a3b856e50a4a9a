import "server-only";
import { and, asc, desc, eq, ne, or } from "drizzle-orm";
import { db } from "@/db";
import { refersTo } from "@/db/queries/event-refs";
import { checkouts, customers, eventAttempts, invoices, subscriptions, webhookEndpoints, webhookEvents, type ArchivedAttempt } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { OrgContext } from "@/lib/auth/context";
import { iso } from "@/lib/utils/iso";
import { getArchivedEvent } from "@/lib/webhooks/archive/archived-events";

/**
 * One event as an on-call engineer needs it: the payload, how its signature verified, every
 * processing attempt with its log, what it decided, and the Beacon objects it concerns. An event
 * past the retention is read from the archive, with its body and attempts as they were.
 */
export async function getEvent({ ctx, input }: { ctx: OrgContext; input: { eventId: string } }) {
  const org = ctx.organization.id;
  const [hot] = await db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.id, input.eventId), eq(webhookEvents.organizationId, org)));
  const archived = hot ? null : await getArchivedEvent(org, input.eventId);
  const event = hot ?? archived;
  if (!event) throw new DomainError("not_found", "No such event in this organization.");
  const refs = event.objectRefs;
  const conn = event.connectionId;
  const byRef = <T>(ref: string | undefined, run: (ref: string, connectionId: string) => Promise<T[]>) =>
    ref && conn ? run(ref, conn).then((rows) => rows[0] ?? null) : Promise.resolve(null);

  // The related events need the subscription, which only a checkout-only event has to look up first.
  const knownRefs = refs.subscription || !refs.checkout;
  const [attempts, endpoint, namedSubscription, checkoutRow, customer, invoice, relatedByRefs] = await Promise.all([
    archived ? archived.attemptLog : attemptsOf(event.id),
    event.endpointId
      ? db.select({ id: webhookEndpoints.id, kind: webhookEndpoints.kind, url: webhookEndpoints.url }).from(webhookEndpoints).where(eq(webhookEndpoints.id, event.endpointId)).then((r) => r[0] ?? null)
      : null,
    byRef(refs.subscription, (ref, c) =>
      db.select({ id: subscriptions.id, status: subscriptions.status, providerSubscriptionId: subscriptions.providerSubscriptionId }).from(subscriptions).where(and(eq(subscriptions.connectionId, c), eq(subscriptions.providerSubscriptionId, ref), eq(subscriptions.organizationId, org))),
    ),
    byRef(refs.checkout, (ref, c) =>
      db.select({ id: checkouts.id, status: checkouts.status, subscriptionId: checkouts.subscriptionId }).from(checkouts).where(and(eq(checkouts.connectionId, c), eq(checkouts.providerCheckoutId, ref), eq(checkouts.organizationId, org))),
    ),
    byRef(refs.customer, (ref, c) =>
      db.select({ id: customers.id, email: customers.email, name: customers.name }).from(customers).where(and(eq(customers.connectionId, c), eq(customers.providerCustomerId, ref), eq(customers.organizationId, org))),
    ),
    byRef(refs.invoice, (ref, c) =>
      db
        .select({ id: invoices.id, status: invoices.status, total: invoices.total, tax: invoices.tax, currency: invoices.currency, taxStatus: invoices.taxStatus })
        .from(invoices)
        .where(and(eq(invoices.connectionId, c), eq(invoices.providerInvoiceId, ref), eq(invoices.organizationId, org))),
    ),
    knownRefs ? relatedEvents(org, event.id, refs) : null,
  ]);
  // A Conekta checkout's first order names no subscription (Conekta creates it after the charge),
  // but Beacon knows which subscription that checkout created: the order concerns it too.
  const subscription = namedSubscription ?? (checkoutRow?.subscriptionId ? await subscriptionById(org, checkoutRow.subscriptionId) : null);
  const checkout = checkoutRow ? { id: checkoutRow.id, status: checkoutRow.status } : null;
  const related = relatedByRefs ?? (await relatedEvents(org, event.id, subscription ? { ...refs, subscription: subscription.providerSubscriptionId } : refs));

  return {
    id: event.id,
    provider: event.provider,
    mode: event.mode,
    account: event.account,
    type: event.type,
    providerEventId: event.providerEventId,
    status: event.status,
    decision: event.decision,
    decisionNote: event.decisionNote,
    lastError: event.lastError,
    attempts: event.attempts,
    deliveries: event.deliveries,
    providerCreatedAt: event.providerCreatedAt.toISOString(),
    receivedAt: event.receivedAt.toISOString(),
    processedAt: iso(event.processedAt),
    nextAttemptAt: hot?.status === "failed" ? hot.nextAttemptAt.toISOString() : null,
    leaseOwner: hot?.leaseOwner ?? null,
    /** When the event left the inbox for the archive (BEACON_EVENT_RETENTION_DAYS); null while it is in the inbox. */
    archivedAt: iso(archived?.archivedAt),
    objectRefs: refs,
    payload: event.rawBody,
    signature: endpoint
      ? { verified: true as const, endpointKind: endpoint.kind, endpointUrl: endpoint.url }
      : { verified: event.deliveries > 0, endpointKind: null, endpointUrl: null },
    correlated: { subscription, checkout, customer, invoice },
    related,
    attemptLog: attempts,
  };
}

/** The attempts of an event in the inbox, in the shape the archive keeps them. */
function attemptsOf(eventId: string): Promise<ArchivedAttempt[]> {
  return db
    .select()
    .from(eventAttempts)
    .where(eq(eventAttempts.eventId, eventId))
    .orderBy(asc(eventAttempts.startedAt), asc(eventAttempts.id))
    .then((rows) =>
      rows.map((a) => ({
        id: a.id,
        worker: a.worker,
        requestedBy: a.requestedBy,
        startedAt: a.startedAt.toISOString(),
        finishedAt: iso(a.finishedAt),
        durationMs: a.durationMs,
        outcome: a.outcome,
        error: a.error,
        logs: a.logs,
      })),
    );
}

function subscriptionById(organizationId: string, subscriptionId: string) {
  return db
    .select({ id: subscriptions.id, status: subscriptions.status, providerSubscriptionId: subscriptions.providerSubscriptionId })
    .from(subscriptions)
    .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.organizationId, organizationId)))
    .then((rows) => rows[0] ?? null);
}

/** Other events about the same subscription or checkout, in provider order. */
async function relatedEvents(organizationId: string, eventId: string, refs: Record<string, string>) {
  const keys = (["subscription", "checkout"] as const).filter((k) => refs[k]);
  if (keys.length === 0) return [];
  return db
    .select({ id: webhookEvents.id, type: webhookEvents.type, status: webhookEvents.status, decision: webhookEvents.decision, providerCreatedAt: webhookEvents.providerCreatedAt })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.organizationId, organizationId), ne(webhookEvents.id, eventId), or(...keys.map((k) => refersTo(k, refs[k]!)))))
    .orderBy(desc(webhookEvents.providerCreatedAt))
    .limit(25)
    .then((rows) => rows.map((r) => ({ ...r, providerCreatedAt: r.providerCreatedAt.toISOString() })));
}

export type GetEventResponse = Awaited<ReturnType<typeof getEvent>>;
