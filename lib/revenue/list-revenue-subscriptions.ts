import "server-only";
import { db } from "@/db";
import { subscriptionsBehindMovement, subscriptionsBehindRecovery } from "@/db/queries/revenue";
import type { OrgContext } from "@/lib/auth/context";
import type { RevenueSubscriptionsQuery } from "@/lib/validations/revenue";
import { monthStart, revenueWindow } from "./window";

const limit = 500;

/** The subscriptions behind one figure of the Revenue page, each linked to its detail page. */
export async function listRevenueSubscriptions({ ctx, input }: { ctx: OrgContext; input: RevenueSubscriptionsQuery }) {
  const { id: organizationId, slug } = ctx.organization;
  const window = revenueWindow(organizationId, input.mode, monthStart(input.month), 1);
  const slice = { provider: input.provider, currency: input.currency, month: input.month };
  const { figure } = input;
  const rows =
    figure === "failed" || figure === "recovered" || figure === "churned" || figure === "pending"
      ? (await subscriptionsBehindRecovery(db, window, slice, figure, input.attempt ?? null, limit)).map((r) => ({ ...r, mrr: null, previousMrr: null }))
      : (await subscriptionsBehindMovement(db, window, slice, figure, limit)).map((r) => ({
          ...r,
          invoiceTotal: null,
          attempt: null,
          recoveredAfterSeconds: null,
          outcome: null,
        }));
  return { ...input, limit, items: rows.map((r) => ({ ...r, href: `/${slug}/subscriptions/${r.subscriptionId}` })) };
}
export type RevenueSubscriptions = Awaited<ReturnType<typeof listRevenueSubscriptions>>;
