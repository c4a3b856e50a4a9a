import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import { db } from "@/db";
import { rateLimitWindows } from "@/db/schema";
import { env } from "@/lib/env";
import { ApiError } from "./errors";

const windowMs = 60_000;

/**
 * Counts a request against its API token's fixed one-minute window and refuses it with 429 and
 * Retry-After past BEACON_RATE_LIMIT_PER_MINUTE. The counter lives in the database (one upsert
 * per request), so the limit holds however many app processes serve the API.
 */
export async function enforceRateLimit(tokenId: string, now = new Date()): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await db
    .insert(rateLimitWindows)
    .values({ tokenId, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimitWindows.tokenId, rateLimitWindows.windowStart],
      set: { count: sql`${rateLimitWindows.count} + 1` },
    })
    .returning({ count: rateLimitWindows.count });
  const count = row?.count ?? 1;
  // The first request of a window clears this token's finished windows.
  if (count === 1) {
    await db.delete(rateLimitWindows).where(and(eq(rateLimitWindows.tokenId, tokenId), lt(rateLimitWindows.windowStart, windowStart)));
  }
  const limit = env.BEACON_RATE_LIMIT_PER_MINUTE;
  if (count > limit) {
    const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
    throw new ApiError("rate_limited", `This token is limited to ${limit} requests a minute; retry in ${retryAfter} s.`, {
      headers: { "retry-after": String(retryAfter), "ratelimit-limit": String(limit), "ratelimit-remaining": "0" },
      extra: { limit, retryAfter },
    });
  }
}
