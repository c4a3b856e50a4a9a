import "server-only";
import type { MemberRole } from "@/db/schema";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { getSessionUser } from "@/lib/auth/session";
import { getOrgContext } from "@/lib/organizations/get-org-context";
import { ApiError } from "./errors";
import { requireSameOriginJson } from "./require-same-origin-json";
import { respond } from "./respond";

type Handler<P> = (req: Request, args: { ctx: OrgContext; params: P; requestId: string }) => Promise<Response>;

/**
 * For the dashboard's JSON routes under /api/orgs/{org}/…: resolves the signed-in user's
 * membership of {org} (404 when there is none) and checks the minimum role (403). Mutations
 * must be same-origin JSON (403/415) before anything else happens.
 */
export function withSession<P extends { org: string }>(handler: Handler<P>, { role = "viewer" }: { role?: MemberRole } = {}) {
  return (req: Request, segment: { params: Promise<P> }) =>
    respond(req, async (requestId) => {
      requireSameOriginJson(req);
      const user = await getSessionUser();
      if (!user) throw new ApiError("unauthorized", "Sign in first.");
      const params = await segment.params;
      const ctx = await getOrgContext(user, params.org);
      requireRole(ctx, role);
      return handler(req, { ctx, params, requestId });
    });
}

/** For session routes that are not about one organization (sign-up excepted). */
export function withUser(handler: (req: Request, args: { user: { id: string; email: string } }) => Promise<Response>) {
  return (req: Request) =>
    respond(req, async () => {
      requireSameOriginJson(req);
      const user = await getSessionUser();
      if (!user) throw new ApiError("unauthorized", "Sign in first.");
      return handler(req, { user });
    });
}
