// POST /api/orgs/{org}/connections/{id}/webhooks — register (or repair) the connection's webhook endpoints
import { parseBody, parseInput } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { registerWebhooks } from "@/lib/connections/register-webhooks";
import { emptyAction } from "@/lib/validations/connections";
import { uuidParam } from "@/lib/validations/organizations";

export const POST = withSession<{ org: string; id: string }>(
  async (req, { ctx, params }) => {
    await parseBody(req, emptyAction);
    return json(await registerWebhooks({ ctx, input: { connectionId: parseInput(uuidParam, params.id, "id") } }));
  },
  { role: "admin" },
);
