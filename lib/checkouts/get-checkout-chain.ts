import "server-only";
import { and, asc, eq, or } from "drizzle-orm";
import { db } from "@/db";
import { refersTo } from "@/db/queries/event-refs";
import { checkoutRequests, subscriptions, subscriptionTimeline, webhookEvents, type Checkout } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import { chainSteps } from "./chain-steps";
import { loadCheckout } from "./load-checkout";
import { confirmDoorOf, serializeCheckout } from "./serialize-checkout";

/** Webhooks shown in one chain; a long-lived subscription's later history is on its own page. */
export const chainEventLimit = 100;

/**
 * A checkout's causal chain, in time order: the API calls with their Idempotency-Key (replays and
 * refusals included), the provider session, the buyer's return and every confirmation, each
 * webhook about the checkout or its subscription with the decision taken, and the subscription.
 * Another tenant's checkout is not found.
 */
export async function getCheckoutChain({ ctx, input }: { ctx: OrgContext; input: { checkoutId: string } }) {
  const row = await loadCheckout(ctx, input.checkoutId);
  const { checkout } = row;
  const org = ctx.organization.id;
  const [requests, subscription] = await Promise.all([
    db
      .select()
      .from(checkoutRequests)
      .where(and(eq(checkoutRequests.organizationId, org), eq(checkoutRequests.checkoutId, checkout.id)))
      .orderBy(asc(checkoutRequests.startedAt), asc(checkoutRequests.id)),
    checkout.subscriptionId ? loadSubscription(org, checkout.subscriptionId) : null,
  ]);
  const events = await loadEvents(org, checkout, subscription?.providerSubscriptionId ?? null);
  return {
    checkout: {
      ...serializeCheckout(checkout, row.plan, row.subscription, new Date(), row.buyer, confirmDoorOf(row.confirmKind)),
      planName: row.plan.name, providerCheckoutId: checkout.providerCheckoutId },
    steps: chainSteps({ checkout, requests, events: events.slice(0, chainEventLimit), subscription }),
    moreEvents: events.length > chainEventLimit,
  };
}

export type GetCheckoutChainResponse = Awaited<ReturnType<typeof getCheckoutChain>>;

async function loadSubscription(organizationId: string, subscriptionId: string) {
  const [subscription] = await db
    .select({ id: subscriptions.id, providerSubscriptionId: subscriptions.providerSubscriptionId, status: subscriptions.status, createdAt: subscriptions.createdAt })
    .from(subscriptions)
    .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.organizationId, organizationId)));
  if (!subscription) return null;
  // The first change recorded says which path brought the subscription to Beacon.
  const [first] = await db
    .select({ source: subscriptionTimeline.source, sourceRef: subscriptionTimeline.sourceRef, toValue: subscriptionTimeline.toValue })
    .from(subscriptionTimeline)
    .where(eq(subscriptionTimeline.subscriptionId, subscription.id))
    .orderBy(asc(subscriptionTimeline.recordedAt), asc(subscriptionTimeline.id))
    .limit(1);
  return { ...subscription, firstChange: first ?? null };
}

/** Events naming the provider session (Stripe `cs_…`, Conekta order) or the subscription it created. */
function loadEvents(organizationId: string, checkout: Checkout, providerSubscriptionId: string | null) {
  return db
    .select({
      id: webhookEvents.id,
      type: webhookEvents.type,
      providerEventId: webhookEvents.providerEventId,
      providerCreatedAt: webhookEvents.providerCreatedAt,
      receivedAt: webhookEvents.receivedAt,
      status: webhookEvents.status,
      decision: webhookEvents.decision,
      decisionNote: webhookEvents.decisionNote,
      lastError: webhookEvents.lastError,
      deliveries: webhookEvents.deliveries,
    })
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.organizationId, organizationId),
        eq(webhookEvents.mode, checkout.mode),
        eq(webhookEvents.connectionId, checkout.connectionId),
        or(refersTo("checkout", checkout.providerCheckoutId), providerSubscriptionId ? refersTo("subscription", providerSubscriptionId) : undefined),
      ),
    )
    .orderBy(asc(webhookEvents.receivedAt), asc(webhookEvents.id))
    .limit(chainEventLimit + 1);
}

export type ChainEventRow = Awaited<ReturnType<typeof loadEvents>>[number];
export type ChainSubscriptionRow = NonNullable<Awaited<ReturnType<typeof loadSubscription>>>;
