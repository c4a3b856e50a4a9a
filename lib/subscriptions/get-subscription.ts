import "server-only";
import { and, asc, desc, eq, inArray, isNull, or } from "drizzle-orm";
import { db } from "@/db";
import { refersTo } from "@/db/queries/event-refs";
import { checkouts, customers, invoices, planPrices, plans, subscriptions, subscriptionTimeline, webhookEvents } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { OrgContext } from "@/lib/auth/context";
import { iso } from "@/lib/utils/iso";
import { allowedActions } from "./action-rules";

/** A subscription with its timeline (each change, from → to, and what caused it), invoices and events. */
export async function getSubscription({ ctx, input }: { ctx: OrgContext; input: { subscriptionId: string } }) {
  const org = ctx.organization.id;
  // What hangs off the subscription's id is read with it (kept only once the subscription is
  // found in this organization): two round trips for the whole page instead of four.
  const [[sub], checkoutList, timeline] = await Promise.all([
    db
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.id, input.subscriptionId), eq(subscriptions.organizationId, org))),
    db
      .select({ id: checkouts.id, status: checkouts.status, createdAt: checkouts.createdAt, providerCheckoutId: checkouts.providerCheckoutId, connectionId: checkouts.connectionId })
      .from(checkouts)
      .where(and(eq(checkouts.subscriptionId, input.subscriptionId), eq(checkouts.organizationId, org))),
    db
      .select()
      .from(subscriptionTimeline)
      .where(and(eq(subscriptionTimeline.subscriptionId, input.subscriptionId), eq(subscriptionTimeline.organizationId, org)))
      .orderBy(desc(subscriptionTimeline.occurredAt), desc(subscriptionTimeline.id)),
  ]);
  if (!sub) throw new DomainError("not_found", "No such subscription in this organization.");

  // The orders of the checkouts that created it: a Conekta checkout's first order (its first charge)
  // names no subscription, since Conekta creates the subscription after the charge.
  const checkoutOrders = checkoutList.filter((c) => c.connectionId === sub.connectionId).map((c) => c.providerCheckoutId);
  const checkoutRows = checkoutList.map(({ id, status, createdAt }) => ({ id, status, createdAt }));
  // Timeline entries caused by events link to the event log; plan changes show plan codes.
  const eventIds = [...new Set(timeline.filter((t) => t.source === "event" && t.sourceRef).map((t) => t.sourceRef!))];
  const isPlanField = (field: string) => field === "plan" || field === "scheduled_plan";
  const planIds = [
    ...new Set([...timeline.filter((t) => isPlanField(t.field)).flatMap((t) => [t.fromValue, t.toValue]), sub.scheduledPlanId].filter((v): v is string => !!v)),
  ];
  const [plan, customer, invoiceRows, events, planOptions, eventLinks, planCodes] = await Promise.all([
    sub.planId
      ? db
          .select({ id: plans.id, code: plans.code, name: plans.name, currency: plans.currency, amount: planPrices.unitAmount })
          .from(plans)
          .leftJoin(planPrices, and(eq(planPrices.planId, plans.id), sub.billingCycle ? eq(planPrices.billingCycle, sub.billingCycle) : undefined))
          .where(eq(plans.id, sub.planId))
          .then((r) => r[0] ?? null)
      : null,
    sub.customerId
      ? db.select({ id: customers.id, email: customers.email, name: customers.name, providerCustomerId: customers.providerCustomerId, taxInfo: customers.taxInfo }).from(customers).where(eq(customers.id, sub.customerId)).then((r) => r[0] ?? null)
      : null,
    db
      .select()
      .from(invoices)
      .where(
        or(
          eq(invoices.subscriptionId, sub.id),
          checkoutOrders.length ? and(eq(invoices.connectionId, sub.connectionId), isNull(invoices.subscriptionId), inArray(invoices.providerInvoiceId, checkoutOrders)) : undefined,
        ),
      )
      .orderBy(desc(invoices.providerCreatedAt)),
    db
      .select({ id: webhookEvents.id, type: webhookEvents.type, status: webhookEvents.status, decision: webhookEvents.decision, providerEventId: webhookEvents.providerEventId, providerCreatedAt: webhookEvents.providerCreatedAt })
      .from(webhookEvents)
      .where(
        and(
          eq(webhookEvents.organizationId, org),
          eq(webhookEvents.connectionId, sub.connectionId),
          or(refersTo("subscription", sub.providerSubscriptionId), ...checkoutOrders.map((order) => refersTo("checkout", order))),
        ),
      )
      .orderBy(desc(webhookEvents.providerCreatedAt))
      .limit(100),
    // Plans a change can move to: every active one (a change sets its price up at the provider if
    // no checkout has yet).
    db
      .select({ code: plans.code, name: plans.name, billingCycle: planPrices.billingCycle, amount: planPrices.unitAmount, currency: plans.currency })
      .from(plans)
      .innerJoin(planPrices, eq(planPrices.planId, plans.id))
      .where(and(eq(plans.organizationId, org), isNull(plans.archivedAt)))
      .orderBy(asc(plans.code), asc(planPrices.billingCycle)),
    eventIds.length
      ? db.select({ id: webhookEvents.id, providerEventId: webhookEvents.providerEventId, type: webhookEvents.type }).from(webhookEvents).where(and(eq(webhookEvents.organizationId, org), inArray(webhookEvents.providerEventId, eventIds)))
      : [],
    planIds.length ? db.select({ id: plans.id, code: plans.code, name: plans.name }).from(plans).where(inArray(plans.id, planIds)).orderBy(asc(plans.code)) : [],
  ]);
  const planCode = (id: string | null) => (id ? (planCodes.find((p) => p.id === id)?.code ?? id) : null);
  const scheduledPlan = sub.scheduledPlanId ? (planCodes.find((p) => p.id === sub.scheduledPlanId) ?? { id: sub.scheduledPlanId, code: sub.scheduledPlanId, name: sub.scheduledPlanId }) : null;
  // The plan billed from the next cycle is no move: the scheduled one, else the current one. With
  // a change scheduled, the current plan is offered: choosing it cancels the change.
  const next = scheduledPlan ? { code: scheduledPlan.code, billingCycle: sub.scheduledBillingCycle } : { code: plan?.code, billingCycle: sub.billingCycle };

  return {
    id: sub.id,
    provider: sub.provider,
    mode: sub.mode,
    providerSubscriptionId: sub.providerSubscriptionId,
    status: sub.status,
    providerStatus: sub.providerStatus,
    billingCycle: sub.billingCycle,
    currentPeriodStart: iso(sub.currentPeriodStart),
    currentPeriodEnd: iso(sub.currentPeriodEnd),
    trialEnd: iso(sub.trialEnd),
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
    canceledAt: iso(sub.canceledAt),
    /** A plan change the provider bills from the next cycle (Conekta), until the renewal applies it. */
    scheduledChange:
      scheduledPlan && sub.scheduledPlanAt
        ? {
            plan: scheduledPlan,
            billingCycle: sub.scheduledBillingCycle,
            effectiveAt: sub.scheduledPlanAt.toISOString(),
          }
        : null,
    stateAt: sub.stateAt.toISOString(),
    createdAt: sub.createdAt.toISOString(),
    plan,
    customer,
    allowedActions: allowedActions(sub.provider, sub),
    // A provider moves a subscription between prices of one currency only.
    planOptions: planOptions.filter((p) => (!plan || p.currency === plan.currency) && !(p.code === next.code && p.billingCycle === next.billingCycle)),
    checkouts: checkoutRows.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
    timeline: timeline.map((t) => {
      const event = t.source === "event" ? eventLinks.find((e) => e.providerEventId === t.sourceRef) : undefined;
      const plan = isPlanField(t.field);
      return {
        id: t.id,
        field: t.field,
        from: plan ? planCode(t.fromValue) : t.fromValue,
        to: plan ? planCode(t.toValue) : t.toValue,
        occurredAt: t.occurredAt.toISOString(),
        recordedAt: t.recordedAt.toISOString(),
        source: t.source,
        sourceRef: t.sourceRef,
        event: event ? { id: event.id, type: event.type } : null,
      };
    }),
    invoices: invoiceRows.map((i) => ({
      id: i.id,
      providerInvoiceId: i.providerInvoiceId,
      status: i.status,
      currency: i.currency,
      subtotal: i.subtotal,
      tax: i.tax,
      total: i.total,
      taxStatus: i.taxStatus,
      paidAt: iso(i.paidAt),
      failedAt: iso(i.failedAt),
      periodStart: iso(i.periodStart),
      periodEnd: iso(i.periodEnd),
      providerCreatedAt: i.providerCreatedAt.toISOString(),
    })),
    events: events.map((e) => ({ ...e, providerCreatedAt: e.providerCreatedAt.toISOString() })),
  };
}

export type GetSubscriptionResponse = Awaited<ReturnType<typeof getSubscription>>;
