import "server-only";
import { and, asc, eq, gte, lt, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { unionAll } from "drizzle-orm/pg-core";
import { archivedEvents, customers, invoices, plans, subscriptions, webhookEvents, type Mode } from "@/db/schema";

// The accounting export's pages: one organization, one mode, one calendar month, read in
// keyset order (time, id) a page at a time, each page an index range scan that starts where
// the last one ended — never an OFFSET, never the month at once.

export interface ExportPage {
  organizationId: string;
  mode: Mode;
  from: Date;
  to: Date;
  /** The last row of the previous page: its time as PostgreSQL printed it (microseconds kept) and id. */
  after: { cursor: string; id: string } | null;
  limit: number;
}

function keyset(page: ExportPage, org: AnyColumn, mode: AnyColumn, at: AnyColumn, id: AnyColumn): SQL {
  return and(
    eq(org, page.organizationId),
    eq(mode, page.mode),
    gte(at, page.from),
    lt(at, page.to),
    page.after ? sql`(${at}, ${id}) > (${page.after.cursor}::timestamptz, ${page.after.id}::uuid)` : undefined,
  )!;
}

/** A row's keyset position at full precision (a JS Date would drop the microseconds). */
const cursorOf = (at: AnyColumn) => sql<string>`${at}::text`;

/** Invoices (Conekta: orders) created in the month, with their customer's tax ids and the provider's ids. */
export function invoicePage(db: DbOrTx, page: ExportPage) {
  return db
    .select({
      id: invoices.id,
      at: invoices.providerCreatedAt,
      cursor: cursorOf(invoices.providerCreatedAt),
      provider: invoices.provider,
      providerInvoiceId: invoices.providerInvoiceId,
      number: invoices.number,
      status: invoices.status,
      currency: invoices.currency,
      subtotal: invoices.subtotal,
      tax: invoices.tax,
      total: invoices.total,
      taxStatus: invoices.taxStatus,
      taxLines: invoices.taxLines,
      paymentMethod: invoices.paymentMethod,
      attemptCount: invoices.attemptCount,
      paidAt: invoices.paidAt,
      periodStart: invoices.periodStart,
      periodEnd: invoices.periodEnd,
      providerSubscriptionId: subscriptions.providerSubscriptionId,
      providerCustomerId: customers.providerCustomerId,
      customerEmail: customers.email,
      customerName: customers.name,
      taxInfo: customers.taxInfo,
    })
    .from(invoices)
    .leftJoin(customers, eq(customers.id, invoices.customerId))
    .leftJoin(subscriptions, eq(subscriptions.id, invoices.subscriptionId))
    .where(keyset(page, invoices.organizationId, invoices.mode, invoices.providerCreatedAt, invoices.id))
    .orderBy(asc(invoices.providerCreatedAt), asc(invoices.id))
    .limit(page.limit);
}

/** Subscriptions Beacon first recorded in the month, with plan and customer. */
export function subscriptionPage(db: DbOrTx, page: ExportPage) {
  return db
    .select({
      id: subscriptions.id,
      at: subscriptions.createdAt,
      cursor: cursorOf(subscriptions.createdAt),
      provider: subscriptions.provider,
      providerSubscriptionId: subscriptions.providerSubscriptionId,
      status: subscriptions.status,
      providerStatus: subscriptions.providerStatus,
      planCode: plans.code,
      currency: plans.currency,
      billingCycle: subscriptions.billingCycle,
      currentPeriodStart: subscriptions.currentPeriodStart,
      currentPeriodEnd: subscriptions.currentPeriodEnd,
      cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
      canceledAt: subscriptions.canceledAt,
      providerCustomerId: customers.providerCustomerId,
      customerEmail: customers.email,
      taxInfo: customers.taxInfo,
    })
    .from(subscriptions)
    .leftJoin(plans, eq(plans.id, subscriptions.planId))
    .leftJoin(customers, eq(customers.id, subscriptions.customerId))
    .where(keyset(page, subscriptions.organizationId, subscriptions.mode, subscriptions.createdAt, subscriptions.id))
    .orderBy(asc(subscriptions.createdAt), asc(subscriptions.id))
    .limit(page.limit);
}

/** The event log: events received in the month and what processing decided (not their bodies), archived ones included. */
export function eventPage(db: DbOrTx, page: ExportPage) {
  // Each table's page is its own index range scan; the two are merged and cut to one page.
  const pageOf = (t: typeof webhookEvents | typeof archivedEvents) =>
    db
      .select({
        id: t.id,
        at: t.receivedAt,
        cursor: cursorOf(t.receivedAt),
        provider: t.provider,
        providerEventId: t.providerEventId,
        type: t.type,
        account: t.account,
        providerCreatedAt: t.providerCreatedAt,
        status: t.status,
        decision: t.decision,
        decisionNote: t.decisionNote,
        attempts: t.attempts,
        deliveries: t.deliveries,
        processedAt: t.processedAt,
        objectRefs: t.objectRefs,
      })
      .from(t)
      .where(keyset(page, t.organizationId, t.mode, t.receivedAt, t.id))
      .orderBy(asc(t.receivedAt), asc(t.id))
      .limit(page.limit);
  return unionAll(pageOf(webhookEvents), pageOf(archivedEvents))
    .orderBy(sql`2`, sql`1`)
    .limit(page.limit);
}
