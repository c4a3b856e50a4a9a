// POST /api/orgs/{org}/connections/{id}/refresh — re-read the account from its provider
import { parseBody, parseInput } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { refreshConnection } from "@/lib/connections/refresh-connection";
import { emptyAction } from "@/lib/validations/connections";
import { uuidParam } from "@/lib/validations/organizations";

export const POST = withSession<{ org: string; id: string }>(
  async (req, { ctx, params }) => {
    await parseBody(req, emptyAction);
    const connectionId = parseInput(uuidParam, params.id, "id");
    return json(await refreshConnection({ ctx, input: { connectionId, kind: "manual" } }));
  },
  { role: "admin" },
);
