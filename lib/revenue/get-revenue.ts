import "server-only";
import { db } from "@/db";
import { failedRenewals, latestStateAt, mrrByMonth, unpricedLiveSubscriptions } from "@/db/queries/revenue";
import type { OrgContext } from "@/lib/auth/context";
import type { RevenueQuery } from "@/lib/validations/revenue";
import { monthStart, revenueWindow } from "./window";

/**
 * The Revenue page for one mode: MRR and its movements per provider, currency and month, and
 * failed renewals with their recovery (definitions in db/queries/revenue.ts and the README).
 * The window ends with `to`, or with the month of the newest provider time Beacon holds: the
 * provider's clock, not the server's, dates every figure.
 */
export async function getRevenue({ ctx, input, now = new Date() }: { ctx: OrgContext; input: RevenueQuery; now?: Date }) {
  const { id: organizationId } = ctx.organization;
  const latest = input.to ? null : await latestStateAt(db, organizationId, input.mode);
  const last = input.to ? monthStart(input.to) : latest && latest > now ? latest : now;
  const window = revenueWindow(organizationId, input.mode, last, input.months);
  const [mrr, recovery, unpriced] = await Promise.all([
    mrrByMonth(db, window),
    failedRenewals(db, window),
    unpricedLiveSubscriptions(db, organizationId, input.mode),
  ]);
  const months: string[] = [];
  for (let d = window.from; d <= window.to; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) months.push(d.toISOString().slice(0, 7));
  return { mode: input.mode, months, mrr, recovery, unpricedLiveSubscriptions: unpriced };
}
export type RevenueReport = Awaited<ReturnType<typeof getRevenue>>;
