import "server-only";
import type { TokenScope } from "@/db/schema";
import { authenticateApiToken } from "@/lib/api-tokens/authenticate-api-token";
import type { OrgContext } from "@/lib/auth/context";
import { ApiError } from "./errors";
import { enforceTokenRateLimit } from "./rate-limit";
import { respond } from "./respond";

type Handler<P> = (req: Request, args: { ctx: OrgContext & { principal: { type: "api_token" } }; params: P; requestId: string }) => Promise<Response>;

const challenge = { "www-authenticate": 'Bearer realm="beacon"' };

/**
 * Authenticates `Authorization: Bearer bcn_…` for /v1 routes: 401 for a missing, unknown or
 * revoked token, 403 when it lacks the scope. `integration` includes `read`. Every call counts
 * against the token's rate limit (429 with Retry-After).
 */
export function withApiToken<P = Record<string, never>>(handler: Handler<P>, { scope }: { scope: TokenScope }) {
  return (req: Request, segment: { params: Promise<P> }) =>
    respond(req, async (requestId) => {
      const header = req.headers.get("authorization") ?? "";
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) throw new ApiError("unauthorized", "Send an API token as `Authorization: Bearer <token>`.", { headers: challenge });
      const ctx = await authenticateApiToken(match[1]);
      if (!ctx || ctx.principal.type !== "api_token") {
        throw new ApiError("unauthorized", "The API token is unknown or has been revoked.", { headers: challenge });
      }
      const granted = ctx.principal.scopes;
      if (!granted.includes(scope) && !(scope === "read" && granted.includes("integration"))) {
        throw new ApiError("insufficient_scope", `This endpoint needs the "${scope}" scope; the token has ${granted.join(", ")}.`, {
          extra: { requiredScope: scope },
        });
      }
      const principal = ctx.principal;
      await enforceTokenRateLimit(principal.id);
      return handler(req, { ctx: { ...ctx, principal }, params: await segment.params, requestId });
    });
}
