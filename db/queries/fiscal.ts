import "server-only";
import { and, count, desc, eq, gte, inArray, isNotNull, notInArray, sql, sum } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { customers, invoices, plans, subscriptions, webhookEvents, type Mode } from "@/db/schema";

// What the Fiscal page reads, for one organization in one mode.

const int = (value: unknown) => Number(value ?? 0);

/** Tax collected on paid invoices, per currency and calendar month (UTC) since a time. */
export async function taxByMonth(db: DbOrTx, organizationId: string, mode: Mode, since: Date) {
  const month = sql<string>`to_char(date_trunc('month', ${invoices.paidAt} at time zone 'UTC'), 'YYYY-MM')`;
  const rows = await db
    .select({ currency: invoices.currency, month, invoices: count(), subtotal: sum(invoices.subtotal), tax: sum(invoices.tax), total: sum(invoices.total) })
    .from(invoices)
    .where(and(eq(invoices.organizationId, organizationId), eq(invoices.mode, mode), isNotNull(invoices.paidAt), gte(invoices.paidAt, since)))
    .groupBy(invoices.currency, month)
    .orderBy(desc(month), invoices.currency);
  return rows.map((r) => ({ currency: r.currency, month: r.month, invoices: int(r.invoices), subtotal: int(r.subtotal), tax: int(r.tax), total: int(r.total) }));
}

export function customersOf(db: DbOrTx, organizationId: string, mode: Mode) {
  return db
    .select({ id: customers.id, provider: customers.provider, providerCustomerId: customers.providerCustomerId, email: customers.email, name: customers.name, taxInfo: customers.taxInfo })
    .from(customers)
    .where(and(eq(customers.organizationId, organizationId), eq(customers.mode, mode)))
    .orderBy(desc(customers.createdAt));
}

/** Subscriptions still billing (not canceled, not abandoned at checkout) with their customer's tax data. */
export function billingSubscriptions(db: DbOrTx, organizationId: string, mode: Mode) {
  return db
    .select({
      id: subscriptions.id,
      provider: subscriptions.provider,
      providerSubscriptionId: subscriptions.providerSubscriptionId,
      status: subscriptions.status,
      customerId: subscriptions.customerId,
      customerEmail: customers.email,
      taxInfo: customers.taxInfo,
      currency: plans.currency,
    })
    .from(subscriptions)
    .leftJoin(customers, eq(customers.id, subscriptions.customerId))
    .leftJoin(plans, eq(plans.id, subscriptions.planId))
    .where(and(eq(subscriptions.organizationId, organizationId), eq(subscriptions.mode, mode), notInArray(subscriptions.status, ["canceled", "incomplete"])))
    .orderBy(desc(subscriptions.createdAt));
}

/** Invoices whose tax status is not a computed one, newest first. */
export function invoicesWithoutComputedTax(db: DbOrTx, organizationId: string, mode: Mode, limit: number) {
  return db
    .select({
      id: invoices.id,
      provider: invoices.provider,
      providerInvoiceId: invoices.providerInvoiceId,
      subscriptionId: invoices.subscriptionId,
      status: invoices.status,
      currency: invoices.currency,
      total: invoices.total,
      tax: invoices.tax,
      taxStatus: invoices.taxStatus,
      createdAt: invoices.providerCreatedAt,
    })
    .from(invoices)
    .where(
      and(
        eq(invoices.organizationId, organizationId),
        eq(invoices.mode, mode),
        notInArray(invoices.taxStatus, ["complete", "iva_included"]),
        notInArray(invoices.status, ["draft", "void"]),
      ),
    )
    .orderBy(desc(invoices.providerCreatedAt))
    .limit(limit);
}

/** The newest event that carried each invoice, to link an invoice with no subscription to its event. */
export async function eventsForInvoices(db: DbOrTx, organizationId: string, providerInvoiceIds: string[]) {
  if (providerInvoiceIds.length === 0) return new Map<string, string>();
  const invoiceRef = sql<string>`${webhookEvents.objectRefs} ->> 'invoice'`;
  const rows = await db
    .selectDistinctOn([invoiceRef], { invoice: invoiceRef, id: webhookEvents.id })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.organizationId, organizationId), inArray(invoiceRef, providerInvoiceIds)))
    .orderBy(invoiceRef, desc(webhookEvents.receivedAt));
  return new Map(rows.map((r) => [r.invoice, r.id]));
}
