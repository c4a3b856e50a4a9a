// GET /api/orgs/{org}/fiscal?mode=test|live — tax collected and missing or uncomputed tax data
import { parseQuery } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { getFiscalSignals } from "@/lib/fiscal/get-fiscal-signals";
import { modeQuery } from "@/lib/validations/observability";

export const GET = withSession<{ org: string }>(async (req, { ctx }) => json(await getFiscalSignals({ ctx, mode: parseQuery(req, modeQuery).mode })));
