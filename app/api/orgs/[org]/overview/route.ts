// GET /api/orgs/{org}/overview?mode=test|live — quickstart checklist, KPIs, alerts, recent activity
import { parseQuery } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { getOverview } from "@/lib/overview/get-overview";
import { modeQuery } from "@/lib/validations/observability";

export const GET = withSession<{ org: string }>(async (req, { ctx }) => json(await getOverview({ ctx, mode: parseQuery(req, modeQuery).mode })));
