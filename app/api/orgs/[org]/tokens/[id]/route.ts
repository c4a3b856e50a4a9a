// DELETE /api/orgs/{org}/tokens/{id} — revoke an API token
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { parseInput } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { uuidParam } from "@/lib/validations/organizations";

export const DELETE = withSession<{ org: string; id: string }>(
  async (_req, { ctx, params }) => {
    const tokenId = parseInput(uuidParam, params.id, "id");
    return json(await revokeApiToken({ ctx, input: { tokenId } }));
  },
  { role: "admin" },
);
