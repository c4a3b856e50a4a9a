import "server-only";
import { env } from "@/lib/env";
import { ApiError } from "./errors";

const mutating = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const jsonType = /^application\/([a-z.+-]*\+)?json\s*(;|$)/i;

/** Beacon's own origins: the configured public URL(s) and the origin the request was addressed to. */
function ownOrigins(req: Request): Set<string> {
  const origins = new Set([new URL(env.publicUrl).origin, new URL(req.url).origin]);
  if (env.NEXTAUTH_URL) origins.add(new URL(env.NEXTAUTH_URL).origin);
  return origins;
}

/**
 * Cookie-authenticated mutations (the dashboard's /api routes and sign-up) must come from Beacon's
 * own pages: browsers send `Origin` on every non-GET fetch, so a missing or foreign one is a
 * forged cross-site request (403). Bodies must be JSON (415), which a cross-site HTML form cannot
 * send; a DELETE may have no body at all. Bearer-token /v1 routes and webhooks carry no cookies
 * and do not come through here.
 */
export function requireSameOriginJson(req: Request): void {
  if (!mutating.has(req.method)) return;
  const origin = req.headers.get("origin");
  if (!origin || !ownOrigins(req).has(origin)) {
    throw new ApiError("forbidden", "Cross-origin requests cannot change anything; send them from Beacon's own pages.", {
      extra: { reason: origin ? "foreign_origin" : "missing_origin" },
    });
  }
  const type = req.headers.get("content-type");
  const bodiless = req.method === "DELETE" && type === null && !Number(req.headers.get("content-length") ?? 0);
  if (!bodiless && !jsonType.test(type ?? "")) {
    throw new ApiError("unsupported_media_type", "Send the body as application/json (`{}` when there is nothing to send).");
  }
}
