import "server-only";
import { lte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { idempotencyKeys } from "@/db/schema";

/**
 * Deletes keys past their expiry (BEACON_IDEMPOTENCY_TTL_HOURS after first use). Expired keys
 * are already ignored by new requests; this only reclaims the rows. Run by `beacon idempotency
 * purge` and hourly by the server.
 */
export async function purgeIdempotencyKeys(db: DbOrTx): Promise<number> {
  const deleted = await db
    .delete(idempotencyKeys)
    .where(lte(idempotencyKeys.expiresAt, sql`now()`))
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}
