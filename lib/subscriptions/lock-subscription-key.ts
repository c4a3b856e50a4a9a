import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db";

/**
 * Serializes writers of one subscription for the rest of the transaction, whether or not its
 * row exists yet: two events creating the same subscription at once would otherwise both see
 * "no row" and the second would overwrite the first. Re-entrant within a transaction.
 */
export async function lockSubscriptionKey(tx: Tx, connectionId: string, providerSubscriptionId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`subscription:${connectionId}:${providerSubscriptionId}`}, 0))`);
}
