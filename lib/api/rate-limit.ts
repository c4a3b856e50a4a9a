import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import { db, type DbOrTx } from "@/db";
import { rateLimitBuckets } from "@/db/schema";
import { env } from "@/lib/env";
import { ApiError } from "./errors";

export interface RateLimitRule {
  /** Requests allowed in one window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitHit {
  allowed: boolean;
  count: number;
  limit: number;
  /** Whole seconds until the window ends (at least 1). */
  retryAfter: number;
}

/**
 * Counts one request against `bucket`'s current fixed window. The counter lives in the database
 * (one upsert per request), so the limit holds however many app processes serve Beacon. `now`
 * is injectable so a test never straddles a window boundary.
 */
export async function hitRateLimit(bucket: string, { limit, windowMs }: RateLimitRule, now = new Date()): Promise<RateLimitHit> {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const expiresAt = new Date(windowStart.getTime() + windowMs);
  const [row] = await db
    .insert(rateLimitBuckets)
    .values({ bucket, windowStart, expiresAt, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimitBuckets.bucket, rateLimitBuckets.windowStart],
      set: { count: sql`${rateLimitBuckets.count} + 1` },
    })
    .returning({ count: rateLimitBuckets.count });
  const count = row?.count ?? 1;
  // The first request of a window clears this bucket's finished windows.
  if (count === 1) {
    await db.delete(rateLimitBuckets).where(and(eq(rateLimitBuckets.bucket, bucket), lt(rateLimitBuckets.windowStart, windowStart)));
  }
  const retryAfter = Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000));
  return { allowed: count <= limit, count, limit, retryAfter };
}

/** A 429 problem with Retry-After; `detail` says who is limited, in words a person can act on. */
export function rateLimited(hit: RateLimitHit, detail: string) {
  return new ApiError("rate_limited", `${detail}; retry in ${hit.retryAfter} s.`, {
    headers: { "retry-after": String(hit.retryAfter), "ratelimit-limit": String(hit.limit), "ratelimit-remaining": "0" },
    extra: { limit: hit.limit, retryAfter: hit.retryAfter },
  });
}

/** Counts and throws the 429 past the limit. */
export async function enforceRateLimit(bucket: string, rule: RateLimitRule, detail: string, now = new Date()): Promise<void> {
  const hit = await hitRateLimit(bucket, rule, now);
  if (!hit.allowed) throw rateLimited(hit, detail);
}

/** /v1: each API token's fixed one-minute window of BEACON_RATE_LIMIT_PER_MINUTE requests. */
export function enforceTokenRateLimit(tokenId: string, now = new Date()): Promise<void> {
  const limit = env.BEACON_RATE_LIMIT_PER_MINUTE;
  return enforceRateLimit(`token:${tokenId}`, { limit, windowMs: 60_000 }, `This token is limited to ${limit} requests a minute`, now);
}

/** Maintenance: deletes windows that have ended (buckets that are never hit again keep none). */
export async function purgeRateLimitBuckets(tx: DbOrTx, now = new Date()): Promise<number> {
  const deleted = await tx.delete(rateLimitBuckets).where(lt(rateLimitBuckets.expiresAt, now)).returning({ bucket: rateLimitBuckets.bucket });
  return deleted.length;
}
