// POST /api/orgs/{org}/connections/endpoints/{endpointId}/rotate — new secret; the old one verifies until the overlap ends
import { parseBody, parseInput } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { rotateWebhookSecret } from "@/lib/connections/rotate-webhook-secret";
import { emptyAction } from "@/lib/validations/connections";
import { uuidParam } from "@/lib/validations/organizations";

export const POST = withSession<{ org: string; endpointId: string }>(
  async (req, { ctx, params }) => {
    await parseBody(req, emptyAction);
    return json(await rotateWebhookSecret({ ctx, input: { endpointId: parseInput(uuidParam, params.endpointId, "endpointId") } }));
  },
  { role: "admin" },
);
