import "server-only";
import { db } from "@/db";
import { billingSubscriptions, customersOf, eventsForInvoices, invoicesWithoutComputedTax, taxByMonth } from "@/db/queries/fiscal";
import type { Mode } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import { customerTaxIssues, hasTaxId, invoiceTaxIssue, type CustomerTaxIssue } from "./tax-data-rules";

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
  const [collected, customerRows, subscriptionRows, invoiceRows] = await Promise.all([
    taxByMonth(db, organizationId, mode, since),
    customersOf(db, organizationId, mode),
    billingSubscriptions(db, organizationId, mode),
    invoicesWithoutComputedTax(db, organizationId, mode, listLimit),
  ]);

  const subscriptionOfCustomer = new Map(subscriptionRows.filter((s) => s.customerId).map((s) => [s.customerId!, s.id]));
  const customers = customerRows
    .map((c) => ({ ...c, issues: customerTaxIssues(c.provider, c.taxInfo), hasTaxId: hasTaxId(c.taxInfo) }))
    .filter((c) => c.issues.length > 0);
  const subscriptions = subscriptionRows
    .map((s) => ({ ...s, issues: s.customerId ? customerTaxIssues(s.provider, s.taxInfo) : (["no_customer"] satisfies SubscriptionTaxIssue[]) }))
    .filter((s) => s.issues.length > 0);
  const eventOf = await eventsForInvoices(db, organizationId, invoiceRows.filter((i) => !i.subscriptionId).map((i) => i.providerInvoiceId));
  const invoices = invoiceRows
    .map((i) => ({ ...i, issue: invoiceTaxIssue(i.provider, i.currency, i.taxStatus) }))
    .filter((i) => i.issue !== null);

  const linkToSubscription = (id: string | undefined) => (id ? `/${slug}/subscriptions/${id}` : `/${slug}/checkouts`);
  return {
    mode,
    taxByMonth: collected,
    customers: {
      total: customerRows.length,
      missing: customers.length,
      withoutTaxId: customerRows.filter((c) => !hasTaxId(c.taxInfo)).length,
      items: customers.slice(0, listLimit).map((c) => ({
        id: c.id,
        provider: c.provider,
        providerCustomerId: c.providerCustomerId,
        email: c.email,
        name: c.name,
        issues: c.issues,
        href: linkToSubscription(subscriptionOfCustomer.get(c.id)),
      })),
    },
    subscriptions: {
      missing: subscriptions.length,
      items: subscriptions.slice(0, listLimit).map((s) => ({
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
