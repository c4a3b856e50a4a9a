import "server-only";
import { and, desc, eq, gte, isNull, not, notInArray, or, sql, sum } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { refersTo } from "./event-refs";
import { customers, customerTaxTotals, invoices, invoiceTaxMonths, subscriptionCounts, subscriptions, webhookEvents, type Mode } from "@/db/schema";

// What the Fiscal page reads, for one organization in one mode.

const int = (value: unknown) => Number(value ?? 0);

// The counts and sums below read the rollups the triggers keep (db/schema/dashboard-rollups.ts).

/**
 * Tax collected on paid invoices, per currency and calendar month (UTC) from the month starting
 * at `since` (the first instant of a UTC month: the rollup holds whole months).
 */
export async function taxByMonth(db: DbOrTx, organizationId: string, mode: Mode, since: Date) {
  const from = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), 1));
  if (from.getTime() !== since.getTime()) throw new RangeError("taxByMonth counts whole months: `since` must start a UTC month");
  const t = invoiceTaxMonths;
  const month = sql<string>`to_char(${t.month}, 'YYYY-MM')`;
  const n = sum(t.invoices);
  const rows = await db
    .select({ currency: t.currency, month, invoices: n, subtotal: sum(t.subtotal), tax: sum(t.tax), total: sum(t.total) })
    .from(t)
    .where(and(eq(t.organizationId, organizationId), eq(t.mode, mode), gte(t.month, from.toISOString().slice(0, 10))))
    .groupBy(t.currency, t.month)
    .having(sql`${n} <> 0`)
    .orderBy(desc(t.month), t.currency);
  return rows.map((r) => ({ currency: r.currency, month: r.month, invoices: int(r.invoices), subtotal: int(r.subtotal), tax: int(r.tax), total: int(r.total) }));
}

const customerCountsOf = (organizationId: string, mode: Mode) => and(eq(customerTaxTotals.organizationId, organizationId), eq(customerTaxTotals.mode, mode));

export async function customerTaxCounts(db: DbOrTx, organizationId: string, mode: Mode) {
  const t = customerTaxTotals;
  const [row] = await db
    .select({
      total: sum(t.customers),
      missing: sql<string>`sum(${t.customers}) filter (where ${t.taxDataMissing})`,
      withoutTaxId: sql<string>`sum(${t.customers}) filter (where ${t.withoutTaxId})`,
    })
    .from(t)
    .where(customerCountsOf(organizationId, mode));
  return { total: int(row?.total), missing: int(row?.missing), withoutTaxId: int(row?.withoutTaxId) };
}

const billing = (organizationId: string, mode: Mode) =>
  and(eq(subscriptions.organizationId, organizationId), eq(subscriptions.mode, mode), notInArray(subscriptions.status, ["canceled", "incomplete"]));

/** Customers short of tax data, newest first, each with its oldest subscription still billing (for the link). */
export function customersMissingTaxData(db: DbOrTx, organizationId: string, mode: Mode, limit: number) {
  return db
    .select({
      id: customers.id,
      provider: customers.provider,
      providerCustomerId: customers.providerCustomerId,
      email: customers.email,
      name: customers.name,
      taxInfo: customers.taxInfo,
      // Spelled out: drizzle leaves a single-table select's columns unqualified, and a bare "id"
      // inside this subquery would be the subscription's.
      subscriptionId: sql<string | null>`(select ${subscriptions.id} from ${subscriptions} where ${subscriptions.customerId} = "customers"."id" and ${billing(organizationId, mode)} order by ${subscriptions.createdAt} limit 1)`,
    })
    .from(customers)
    .where(and(eq(customers.organizationId, organizationId), eq(customers.mode, mode), customers.taxDataMissing))
    .orderBy(desc(customers.createdAt))
    .limit(limit);
}

/** Subscriptions still billing (not canceled, not abandoned at checkout) whose customer is missing or short of tax data. */
export async function subscriptionsMissingTaxDataCount(db: DbOrTx, organizationId: string, mode: Mode) {
  // Those of customers short of tax data (each customer counts its billing subscriptions), and
  // those without a customer.
  const [viaCustomer] = await db
    .select({ n: sum(customerTaxTotals.billingSubscriptions) })
    .from(customerTaxTotals)
    .where(and(customerCountsOf(organizationId, mode), customerTaxTotals.taxDataMissing));
  const [withoutCustomer] = await db
    .select({ n: sum(subscriptionCounts.subscriptions) })
    .from(subscriptionCounts)
    .where(
      and(
        eq(subscriptionCounts.organizationId, organizationId),
        eq(subscriptionCounts.mode, mode),
        not(subscriptionCounts.hasCustomer),
        notInArray(subscriptionCounts.status, ["canceled", "incomplete"]),
      ),
    );
  return int(viaCustomer?.n) + int(withoutCustomer?.n);
}

export function subscriptionsMissingTaxData(db: DbOrTx, organizationId: string, mode: Mode, limit: number) {
  return db
    .select({
      id: subscriptions.id,
      provider: subscriptions.provider,
      providerSubscriptionId: subscriptions.providerSubscriptionId,
      status: subscriptions.status,
      customerId: subscriptions.customerId,
      customerEmail: customers.email,
      taxInfo: customers.taxInfo,
    })
    .from(subscriptions)
    .leftJoin(customers, eq(customers.id, subscriptions.customerId))
    .where(and(billing(organizationId, mode), or(isNull(subscriptions.customerId), customers.taxDataMissing)))
    .orderBy(desc(subscriptions.createdAt))
    .limit(limit);
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
    .where(and(eq(webhookEvents.organizationId, organizationId), or(...providerInvoiceIds.map((id) => refersTo("invoice", id)))))
    .orderBy(invoiceRef, desc(webhookEvents.receivedAt));
  return new Map(rows.map((r) => [r.invoice, r.id]));
}
