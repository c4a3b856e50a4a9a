// GET /api/orgs/{org}/subscriptions — subscriptions with status, plan, customer, provider, amount
import { parseQuery } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { listSubscriptions } from "@/lib/subscriptions/list-subscriptions";
import { listSubscriptionsQuery } from "@/lib/validations/subscriptions";

export const GET = withSession<{ org: string }>(async (req, { ctx }) => json(await listSubscriptions({ ctx, input: parseQuery(req, listSubscriptionsQuery) })));
