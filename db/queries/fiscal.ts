import "server-only";
import { and, count, desc, eq, gte, isNotNull, isNull, not, notInArray, or, sql, sum } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { refersTo } from "./event-refs";
import { customers, invoices, subscriptions, webhookEvents, type Mode } from "@/db/schema";

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

export async function customerTaxCounts(db: DbOrTx, organizationId: string, mode: Mode) {
  const [row] = await db
    .select({
      total: count(),
    })
    .from(customers)
    .where(and(eq(customers.organizationId, organizationId), eq(customers.mode, mode)));
  // Each count on its partial index (customers_tax_data_missing_index, customers_without_tax_id_index).
  const [missing] = await db.select({ n: count() }).from(customers).where(and(eq(customers.organizationId, organizationId), eq(customers.mode, mode), customers.taxDataMissing));
  const [withoutTaxId] = await db.select({ n: count() }).from(customers).where(and(eq(customers.organizationId, organizationId), eq(customers.mode, mode), not(customers.hasTaxId)));
  return { total: int(row?.total), missing: int(missing?.n), withoutTaxId: int(withoutTaxId?.n) };
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
  // Counted from the few customers short of tax data, and from the subscriptions without one,
  // each on a partial index, rather than by joining every billing subscription to its customer.
  const [viaCustomer] = await db
    .select({ n: count() })
    .from(customers)
    .innerJoin(subscriptions, eq(subscriptions.customerId, customers.id))
    .where(and(eq(customers.organizationId, organizationId), eq(customers.mode, mode), customers.taxDataMissing, billing(organizationId, mode)));
  const [withoutCustomer] = await db
    .select({ n: count() })
    .from(subscriptions)
    .where(and(billing(organizationId, mode), isNull(subscriptions.customerId)));
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
