// DELETE /api/orgs/{org}/connections/stripe/forwarding/{endpointId} — stop a `stripe listen` endpoint (its URL answers 404)
import { parseInput } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { removeForwardingEndpoint } from "@/lib/connections/forwarding/remove-forwarding-endpoint";
import { uuidParam } from "@/lib/validations/organizations";

export const DELETE = withSession<{ org: string; endpointId: string }>(
  async (_req, { ctx, params }) => json(await removeForwardingEndpoint({ ctx, input: { endpointId: parseInput(uuidParam, params.endpointId, "endpointId") } })),
  { role: "admin" },
);
