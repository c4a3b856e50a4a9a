import "server-only";
import { ApiError } from "./errors";
import { respond } from "./respond";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * The handler a /v1 route.ts exports for the methods it does not serve: Next would answer those
 * with an empty 405, where API clients expect problem+json and an `Allow` header. HEAD and
 * OPTIONS are Next's own (HEAD from GET).
 */
export function methodNotAllowed(...allowed: Method[]) {
  const order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
  const served = new Set<string>([...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"]);
  const allow = order.filter((m) => served.has(m)).join(", ");
  const handler = (req: Request) =>
    respond(req, async () => {
      throw new ApiError("method_not_allowed", `${req.method} is not supported here; use ${allowed.join(" or ")}.`, {
        headers: { allow },
        extra: { allow: allowed },
      });
    });
  // Marked, so whoever lists a route's real operations (the OpenAPI test) can leave it out.
  return Object.assign(handler, { notAllowed: true as const });
}

export function isMethodNotAllowed(handler: unknown): boolean {
  return typeof handler === "function" && (handler as { notAllowed?: boolean }).notAllowed === true;
}
