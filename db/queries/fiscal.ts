import "server-only";
import { and, count, desc, eq, gte, isNotNull, notInArray, or, sql, sum, type AnyColumn, type SQL } from "drizzle-orm";
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

// Whether a customer lacks tax data, in SQL, so the page counts in the database instead of
// shipping every customer to JavaScript. It mirrors `customerTaxIssues` (lib/fiscal/tax-data-rules.ts):
// fiscal-sql-rules.test.ts runs both over the same cases.
const whitespace = " \t\n\r\f\v\u00a0";
const field = (info: SQL | AnyColumn, key: string) => sql`coalesce(btrim(${info} ->> ${key}, ${whitespace}), '')`;

export function taxDataMissing(provider: SQL | AnyColumn, info: SQL | AnyColumn) {
  return sql<boolean>`(case when ${provider} = 'stripe' then
      case when ${info} -> 'locationSufficient' = 'false'::jsonb then true
           when ${info} -> 'locationSufficient' = 'true'::jsonb then false
           else coalesce(${info} ->> 'country', '') = '' or (upper(${info} ->> 'country') = 'US' and coalesce(${info} ->> 'postalCode', '') = '') end
    else not (upper(${field(info, "rfc")}) ~ '^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$' and ${field(info, "taxRegime")} ~ '^[0-9]{3}$' and ${field(info, "postalCode")} ~ '^[0-9]{5}$') end)`;
}

/** Mirrors `hasTaxId`: a tax id recorded, or an RFC. */
export const hasTaxIdSql = (info: AnyColumn) =>
  sql<boolean>`(coalesce(jsonb_array_length(case when jsonb_typeof(${info} -> 'taxIds') = 'array' then ${info} -> 'taxIds' end), 0) > 0 or coalesce(${info} ->> 'rfc', '') <> '')`;

export async function customerTaxCounts(db: DbOrTx, organizationId: string, mode: Mode) {
  const [row] = await db
    .select({
      total: count(),
      missing: sql<string>`count(*) filter (where ${taxDataMissing(customers.provider, customers.taxInfo)})`,
      withoutTaxId: sql<string>`count(*) filter (where not ${hasTaxIdSql(customers.taxInfo)})`,
    })
    .from(customers)
    .where(and(eq(customers.organizationId, organizationId), eq(customers.mode, mode)));
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
    .where(and(eq(customers.organizationId, organizationId), eq(customers.mode, mode), taxDataMissing(customers.provider, customers.taxInfo)))
    .orderBy(desc(customers.createdAt))
    .limit(limit);
}

/** Subscriptions still billing (not canceled, not abandoned at checkout) whose customer is missing or short of tax data. */
const subscriptionMissing = sql`(${subscriptions.customerId} is null or ${taxDataMissing(subscriptions.provider, customers.taxInfo)})`;

export async function subscriptionsMissingTaxDataCount(db: DbOrTx, organizationId: string, mode: Mode) {
  const [row] = await db
    .select({ n: count() })
    .from(subscriptions)
    .leftJoin(customers, eq(customers.id, subscriptions.customerId))
    .where(and(billing(organizationId, mode), subscriptionMissing));
  return int(row?.n);
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
    .where(and(billing(organizationId, mode), subscriptionMissing))
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
