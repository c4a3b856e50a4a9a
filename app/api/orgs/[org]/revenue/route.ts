// GET /api/orgs/{org}/revenue?mode=test|live&to=YYYY-MM&months=12 — MRR movements and failed-renewal recovery by month
import { parseQuery } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { getRevenue } from "@/lib/revenue/get-revenue";
import { revenueQuery } from "@/lib/validations/revenue";

export const GET = withSession<{ org: string }>(async (req, { ctx }) => json(await getRevenue({ ctx, input: parseQuery(req, revenueQuery) })));
