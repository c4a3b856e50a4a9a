import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db";

/**
 * Serializes writers of these subscriptions for the rest of the transaction, whether or not
 * their rows exist yet: two events creating the same subscription at once would otherwise both
 * see "no row" and the second would overwrite the first. One statement takes every lock, in key
 * order, so two writers locking overlapping sets wait for each other instead of deadlocking.
 * Re-entrant within a transaction.
 */
export async function lockSubscriptionKeys(tx: Tx, keys: { connectionId: string; providerSubscriptionId: string }[]) {
  const names = [...new Set(keys.map((k) => `subscription:${k.connectionId}:${k.providerSubscriptionId}`))].sort();
  if (names.length === 0) return;
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(name, 0)) from (select name from jsonb_array_elements_text(${JSON.stringify(names)}::jsonb) as name order by name collate "C") as ordered`,
  );
}
