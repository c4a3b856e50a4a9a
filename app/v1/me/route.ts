// GET /v1/me — what the bearer token is: its organization, mode and scopes
import { json } from "@/lib/api/respond";
import { withApiToken } from "@/lib/api/with-api-token";
import { methodNotAllowed } from "@/lib/api/method-not-allowed";

export const GET = withApiToken(
  async (_req, { ctx }) =>
    json({
      organization: ctx.organization,
      mode: ctx.principal.mode,
      scopes: ctx.principal.scopes,
      token: { id: ctx.principal.id, name: ctx.principal.name },
    }),
  { scope: "read" },
);

const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
