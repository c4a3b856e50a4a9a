import "server-only";
import { db } from "@/db";
import {
  customersMissingTaxData,
  customerTaxCounts,
  eventsForInvoices,
  invoicesWithoutComputedTax,
  subscriptionsMissingTaxData,
  subscriptionsMissingTaxDataCount,
  taxByMonth,
} from "@/db/queries/fiscal";
import type { Mode } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import { customerTaxIssues, invoiceTaxIssue, type CustomerTaxIssue } from "./tax-data-rules";

export type SubscriptionTaxIssue = CustomerTaxIssue | "no_customer";

const listLimit = 50;
const monthsShown = 12;

/**
 * The Fiscal page for one mode: tax collected per currency and month, and the signals that need
 * action — customers and subscriptions without enough tax data, invoices whose tax was not
 * computed — each linked to the page that shows its object.
 */
export async function getFiscalSignals({ ctx, mode, now = new Date() }: { ctx: OrgContext; mode: Mode; now?: Date }) {
  const { id: organizationId, slug } = ctx.organization;
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (monthsShown - 1), 1));
  const [collected, customerCounts, customerRows, subscriptionsMissing, subscriptionRows, invoiceRows] = await Promise.all([
    taxByMonth(db, organizationId, mode, since),
    customerTaxCounts(db, organizationId, mode),
    customersMissingTaxData(db, organizationId, mode, listLimit),
    subscriptionsMissingTaxDataCount(db, organizationId, mode),
    subscriptionsMissingTaxData(db, organizationId, mode, listLimit),
    invoicesWithoutComputedTax(db, organizationId, mode, listLimit),
  ]);

  const customers = customerRows.map((c) => ({ ...c, issues: customerTaxIssues(c.provider, c.taxInfo) }));
  const subscriptions = subscriptionRows.map((s) => ({
    ...s,
    issues: s.customerId ? customerTaxIssues(s.provider, s.taxInfo) : (["no_customer"] satisfies SubscriptionTaxIssue[]),
  }));
  const eventOf = await eventsForInvoices(db, organizationId, invoiceRows.filter((i) => !i.subscriptionId).map((i) => i.providerInvoiceId));
  const invoices = invoiceRows
    .map((i) => ({ ...i, issue: invoiceTaxIssue(i.provider, i.currency, i.taxStatus) }))
    .filter((i) => i.issue !== null);

  const linkToSubscription = (id: string | undefined) => (id ? `/${slug}/subscriptions/${id}` : `/${slug}/checkouts`);
  return {
    mode,
    taxByMonth: collected,
    customers: {
      ...customerCounts,
      items: customers.map((c) => ({
        id: c.id,
        provider: c.provider,
        providerCustomerId: c.providerCustomerId,
        email: c.email,
        name: c.name,
        issues: c.issues,
        href: linkToSubscription(c.subscriptionId ?? undefined),
      })),
    },
    subscriptions: {
      missing: subscriptionsMissing,
      items: subscriptions.map((s) => ({
        id: s.id,
        provider: s.provider,
        providerSubscriptionId: s.providerSubscriptionId,
        status: s.status,
        customerEmail: s.customerEmail,
        issues: s.issues as SubscriptionTaxIssue[],
        href: `/${slug}/subscriptions/${s.id}`,
      })),
    },
    invoices: {
      items: invoices.map((i) => {
        const event = eventOf.get(i.providerInvoiceId);
        return {
          id: i.id,
          provider: i.provider,
          providerInvoiceId: i.providerInvoiceId,
          status: i.status,
          currency: i.currency,
          total: i.total,
          tax: i.tax,
          taxStatus: i.taxStatus,
          issue: i.issue!,
          createdAt: i.createdAt.toISOString(),
          href: i.subscriptionId ? `/${slug}/subscriptions/${i.subscriptionId}` : event ? `/${slug}/events/${event}` : null,
        };
      }),
    },
  };
}

export type GetFiscalSignalsResponse = Awaited<ReturnType<typeof getFiscalSignals>>;
