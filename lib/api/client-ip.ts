import "server-only";
import { isIP } from "node:net";
import { env } from "@/lib/env";

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined;

function header(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/**
 * The client's IP address, or null when Beacon cannot know it. Route handlers get no socket
 * address, and `next start` fills X-Forwarded-For from the socket only when the request has none,
 * so a direct client can write the header itself: it is believed only with BEACON_TRUST_PROXY,
 * and then only its last entry, the address your proxy saw (the entries before it are whatever
 * the client sent). Without a trusted proxy, per-IP limits are skipped; per-account,
 * per-organization and per-user limits still hold.
 */
export function clientIp(headers: HeaderSource, trustProxy = env.trustProxy): string | null {
  if (!trustProxy) return null;
  const hops = (header(headers, "x-forwarded-for") ?? "").split(",").map((hop) => hop.trim()).filter(Boolean);
  const last = hops.at(-1)?.replace(/^\[(.*)\](:\d+)?$/, "$1").replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1");
  return last && isIP(last) ? last.toLowerCase() : null;
}
