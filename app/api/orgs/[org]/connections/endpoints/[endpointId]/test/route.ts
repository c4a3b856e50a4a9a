// POST /api/orgs/{org}/connections/endpoints/{endpointId}/test — a real signed event through the provider, and its round trip
import { parseBody, parseInput } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { testWebhookSignature } from "@/lib/connections/test-webhook-signature";
import { emptyAction } from "@/lib/validations/connections";
import { uuidParam } from "@/lib/validations/organizations";

// Waits up to ~15 s for the provider's delivery.
export const maxDuration = 30;

export const POST = withSession<{ org: string; endpointId: string }>(
  async (req, { ctx, params }) => {
    await parseBody(req, emptyAction);
    return json(await testWebhookSignature({ ctx, input: { endpointId: parseInput(uuidParam, params.endpointId, "endpointId") } }));
  },
  { role: "admin" },
);
