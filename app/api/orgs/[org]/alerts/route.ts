// GET /api/orgs/{org}/alerts?mode=test|live — alerts computed from the data, critical first
import { parseQuery } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { listAlerts } from "@/lib/observability/alerts/list-alerts";
import { modeQuery } from "@/lib/validations/observability";

export const GET = withSession<{ org: string }>(async (req, { ctx }) => json(await listAlerts({ ctx, mode: parseQuery(req, modeQuery).mode })));
