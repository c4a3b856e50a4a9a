// GET /v1/me — what the bearer token is: its organization, mode and scopes (shaped by meResponse)
import { methodNotAllowed } from "@/lib/api/method-not-allowed";
import { json } from "@/lib/api/respond";
import { withApiToken } from "@/lib/api/with-api-token";
import { meResponse } from "@/lib/validations/api-responses";

export const GET = withApiToken(
  async (_req, { ctx }) =>
    json(
      meResponse.parse({
        organization: ctx.organization,
        mode: ctx.principal.mode,
        scopes: ctx.principal.scopes,
        token: { id: ctx.principal.id, name: ctx.principal.name },
      }),
    ),
  { scope: "read" },
);

const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
