// GET /api/orgs/{org}/tokens — list API tokens; POST — create one (shown once)
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { createApiTokenInput } from "@/lib/validations/api-tokens";

type Params = { org: string };

export const GET = withSession<Params>(async (_req, { ctx }) => json(await listApiTokens({ ctx })));

export const POST = withSession<Params>(
  async (req, { ctx }) => {
    const input = await parseBody(req, createApiTokenInput);
    return json(await createApiToken({ ctx, input }), { status: 201 });
  },
  { role: "admin" },
);
