// GET /api/orgs/{org}/connections/stripe/forwarding?mode=test — the organization's `stripe listen` endpoints
// POST /api/orgs/{org}/connections/stripe/forwarding — register the whsec_ `stripe listen` printed (test mode only)
import { parseBody, parseQuery } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { addForwardingEndpoint } from "@/lib/connections/forwarding/add-forwarding-endpoint";
import { listForwardingEndpoints } from "@/lib/connections/forwarding/list-forwarding-endpoints";
import { addForwardingInput, modeQuery } from "@/lib/validations/connections";

export const GET = withSession<{ org: string }>(async (req, { ctx }) => json(await listForwardingEndpoints({ ctx, input: parseQuery(req, modeQuery) })));

export const POST = withSession<{ org: string }>(
  async (req, { ctx }) => json(await addForwardingEndpoint({ ctx, input: await parseBody(req, addForwardingInput) }), { status: 201 }),
  { role: "admin" },
);
