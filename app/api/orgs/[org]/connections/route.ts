// GET /api/orgs/{org}/connections?mode=test — connections, availability and webhook endpoints of a mode
import { parseQuery } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { listConnections } from "@/lib/connections/list-connections";
import { modeQuery } from "@/lib/validations/connections";

export const GET = withSession<{ org: string }>(async (req, { ctx }) => json(await listConnections({ ctx, input: parseQuery(req, modeQuery) })));
