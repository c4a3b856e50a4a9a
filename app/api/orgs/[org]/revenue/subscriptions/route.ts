// GET /api/orgs/{org}/revenue/subscriptions?mode&provider&currency&month&figure[&attempt] — the subscriptions behind one Revenue figure
import { parseQuery } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { listRevenueSubscriptions } from "@/lib/revenue/list-revenue-subscriptions";
import { revenueSubscriptionsQuery } from "@/lib/validations/revenue";

export const GET = withSession<{ org: string }>(async (req, { ctx }) =>
  json(await listRevenueSubscriptions({ ctx, input: parseQuery(req, revenueSubscriptionsQuery) })),
);
