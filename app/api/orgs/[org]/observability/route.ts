// GET /api/orgs/{org}/observability?mode=test|live&range=24h|7d — chart series and alerts
import { parseQuery } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { getObservability } from "@/lib/observability/get-observability";
import { observabilityQuery } from "@/lib/validations/observability";

export const GET = withSession<{ org: string }>(async (req, { ctx }) => json(await getObservability({ ctx, ...parseQuery(req, observabilityQuery) })));
