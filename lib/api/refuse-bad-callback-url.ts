import "server-only";
import { ApiError, problemResponse } from "./errors";
import { env } from "@/lib/env";
import { safeCallbackPath } from "@/lib/utils/safe-callback-path";

const cookieNames = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

function acceptable(value: string, origin: string) {
  return safeCallbackPath(value, origin) !== "/" || value === "/" || value === origin || value === `${origin}/`;
}

/**
 * next-auth answers 500 (INVALID_CALLBACK_URL_ERROR) to a callbackUrl it cannot parse, such as
 * `%E0%A4%A`, in the query or in its callback-url cookie. Those are the client's mistake: 400
 * problem+json, and a bad cookie is cleared so the next request works. Anything that is not a
 * path on Beacon is refused the same way; next-auth would only have sent it home.
 */
export function refuseBadCallbackUrl(req: Request): Response | null {
  const origin = new URL(env.NEXTAUTH_URL ?? env.publicUrl).origin;
  const url = new URL(req.url);
  const instance = url.pathname;
  const query = url.searchParams.get("callbackUrl");
  if (query !== null && !acceptable(query, origin)) {
    return problemResponse(new ApiError("bad_request", "callbackUrl must be a path on Beacon."), instance);
  }
  const cookies = (req.headers.get("cookie") ?? "").split(";").map((c) => c.trim());
  for (const name of cookieNames) {
    const raw = cookies.find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1);
    if (raw === undefined) continue;
    let value: string | null;
    try {
      value = decodeURIComponent(raw);
    } catch {
      value = null;
    }
    if (value === null || !acceptable(value, origin)) {
      const secure = name.startsWith("__Secure-") ? "; Secure" : "";
      const clear = `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`;
      return problemResponse(new ApiError("bad_request", "The callback-url cookie was not a path on Beacon; it has been cleared.", { headers: { "set-cookie": clear } }), instance);
    }
  }
  return null;
}
