import "server-only";
import { db } from "@/db";
import { latestPaidInvoices, type OverviewCounts, unpricedPayingSubscriptions } from "@/db/queries/overview";
import type { Mode } from "@/db/schema";

/** The churn's window. */
export const CHURN_DAYS = 30;
const dayMs = 86_400_000;

/** Monthly amount of one billing period: yearly prices count a twelfth. */
function monthly(amount: number, yearly: boolean) {
  return yearly ? Math.round(amount / 12) : amount;
}

/**
 * MRR per currency from the subscriptions that pay (active, past due; trials do not pay yet),
 * each at its plan's price for its billing cycle, or else at its last paid invoice's subtotal
 * (those are read one by one, only when the rollup says there are some).
 */
async function monthlyRecurringRevenue(organizationId: string, mode: Mode, priced: Pick<OverviewCounts, "mrr" | "unpriced">) {
  const unpriced = priced.unpriced > 0 ? await unpricedPayingSubscriptions(db, organizationId, mode) : [];
  const totals = new Map<string, number>();
  const add = (currency: string, amount: number) => totals.set(currency.toLowerCase(), (totals.get(currency.toLowerCase()) ?? 0) + amount);
  for (const p of priced.mrr) add(p.currency, p.amount);
  for (const invoice of await latestPaidInvoices(db, unpriced)) {
    const days = invoice.periodStart && invoice.periodEnd ? (invoice.periodEnd.getTime() - invoice.periodStart.getTime()) / dayMs : 30;
    add(invoice.currency, monthly(invoice.subtotal, days > 40));
  }
  return [...totals].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => b.amount - a.amount);
}

/** The churn window's start: counts for `subscriptionKpis` are read with it. */
export const churnWindowStart = (now: Date) => new Date(now.getTime() - CHURN_DAYS * dayMs);

export async function subscriptionKpis(organizationId: string, mode: Mode, counts: OverviewCounts) {
  const { statuses, churn } = counts;
  const mrr = await monthlyRecurringRevenue(organizationId, mode, counts);
  return {
    active: statuses.active ?? 0,
    trialing: statuses.trialing ?? 0,
    pastDue: statuses.past_due ?? 0,
    mrr,
    churn: { days: CHURN_DAYS, canceled: churn.canceled, base: churn.base, rate: churn.base > 0 ? churn.canceledFromBase / churn.base : null },
  };
}
