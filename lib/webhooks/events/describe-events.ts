import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { checkouts, customers, invoices, planPrices, plans, subscriptions } from "@/db/schema";

export interface EventSummary {
  /** Who the event is about, as the merchant knows them: name, else email, else their reference. */
  customer: string | null;
  /** What it is worth: the invoice's total, else the price of the checkout's or subscription's plan. */
  amount: { minor: number; currency: string } | null;
}

type Described = { connectionId: string | null; objectRefs: Record<string, string> };

const refsOf = (events: Described[], key: string) => [...new Set(events.map((e) => e.objectRefs[key]).filter((id): id is string => !!id))];
const who = (row: { name: string | null; email: string | null; reference?: string | null } | undefined) => row?.name || row?.email || row?.reference || null;

/**
 * The customer and amount of a page of events, from what Beacon already recorded about the
 * objects they name (four look-ups on unique indexes for the page, none per row). An event about an
 * object Beacon does not know yet shows neither.
 */
export async function describeEvents(organizationId: string, events: Described[]): Promise<(event: { objectRefs: Record<string, string> }) => EventSummary> {
  // Objects are looked up in the events' connections, on each table's (connection, provider id) unique index.
  const connectionIds = [...new Set(events.map((e) => e.connectionId).filter((id): id is string => !!id))];
  const [customerIds, invoiceIds, checkoutIds, subscriptionIds] = ["customer", "invoice", "checkout", "subscription"].map((key) => refsOf(events, key));
  const none = Promise.resolve([]);
  const [customerRows, invoiceRows, checkoutRows, subscriptionRows] = await Promise.all([
    customerIds!.length
      ? db
          .select({ id: customers.providerCustomerId, name: customers.name, email: customers.email, reference: customers.reference })
          .from(customers)
          .where(and(eq(customers.organizationId, organizationId), inArray(customers.connectionId, connectionIds), inArray(customers.providerCustomerId, customerIds!)))
      : none,
    invoiceIds!.length
      ? db
          .select({ id: invoices.providerInvoiceId, total: invoices.total, currency: invoices.currency })
          .from(invoices)
          .where(and(eq(invoices.organizationId, organizationId), inArray(invoices.connectionId, connectionIds), inArray(invoices.providerInvoiceId, invoiceIds!)))
      : none,
    checkoutIds!.length
      ? db
          .select({ id: checkouts.providerCheckoutId, name: checkouts.customerName, email: checkouts.customerEmail, reference: checkouts.customerReference, amount: planPrices.unitAmount, currency: plans.currency })
          .from(checkouts)
          .leftJoin(plans, eq(plans.id, checkouts.planId))
          .leftJoin(planPrices, and(eq(planPrices.planId, checkouts.planId), eq(planPrices.billingCycle, checkouts.billingCycle)))
          .where(and(eq(checkouts.organizationId, organizationId), inArray(checkouts.connectionId, connectionIds), inArray(checkouts.providerCheckoutId, checkoutIds!)))
      : none,
    subscriptionIds!.length
      ? db
          .select({ id: subscriptions.providerSubscriptionId, name: customers.name, email: customers.email, reference: customers.reference, amount: planPrices.unitAmount, currency: plans.currency })
          .from(subscriptions)
          .leftJoin(customers, eq(customers.id, subscriptions.customerId))
          .leftJoin(plans, eq(plans.id, subscriptions.planId))
          .leftJoin(planPrices, and(eq(planPrices.planId, subscriptions.planId), eq(planPrices.billingCycle, subscriptions.billingCycle)))
          .where(and(eq(subscriptions.organizationId, organizationId), inArray(subscriptions.connectionId, connectionIds), inArray(subscriptions.providerSubscriptionId, subscriptionIds!)))
      : none,
  ]);
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  const [customer, invoice, checkout, subscription] = [byId(customerRows), byId(invoiceRows), byId(checkoutRows), byId(subscriptionRows)];
  return ({ objectRefs: refs }) => {
    const c = refs.checkout ? checkout.get(refs.checkout) : undefined;
    const s = refs.subscription ? subscription.get(refs.subscription) : undefined;
    const i = refs.invoice ? invoice.get(refs.invoice) : undefined;
    const priced = [c, s].find((row) => row?.amount != null && row.currency);
    return {
      customer: who(refs.customer ? customer.get(refs.customer) : undefined) ?? who(c) ?? who(s),
      amount: i ? { minor: i.total, currency: i.currency } : priced ? { minor: priced.amount!, currency: priced.currency! } : null,
    };
  };
}
