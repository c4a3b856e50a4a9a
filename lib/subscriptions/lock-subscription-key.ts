import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db";

/** The lock's name: `subscription:<connection id>:<provider subscription id>`, hashed into the advisory lock key. */
const keyName = (connectionId: string, providerSubscriptionId: string) => `subscription:${connectionId}:${providerSubscriptionId}`;

/**
 * Serializes writers of these subscriptions for the rest of the transaction, whether or not
 * their rows exist yet: two events creating the same subscription at once would otherwise both
 * see "no row" and the second would overwrite the first. One statement takes every lock, in key
 * order, so two writers locking overlapping sets wait for each other instead of deadlocking.
 * Re-entrant within a transaction.
 */
export async function lockSubscriptionKeys(tx: Tx, keys: { connectionId: string; providerSubscriptionId: string }[]) {
  const names = [...new Set(keys.map((k) => keyName(k.connectionId, k.providerSubscriptionId)))].sort();
  if (names.length === 0) return;
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(name, 0)) from (select name from jsonb_array_elements_text(${JSON.stringify(names)}::jsonb) as name order by name collate "C") as ordered`,
  );
}

/**
 * The same lock, taken only if no other transaction holds it (true when taken, or when there is
 * no subscription to lock): for a claim, which passes over the events of subscriptions another
 * worker is writing instead of waiting for it.
 */
export const trySubscriptionKeyLock = (connectionId: SQL, providerSubscriptionId: SQL) =>
  sql`((${connectionId}) is null or (${providerSubscriptionId}) is null
    or pg_try_advisory_xact_lock(hashtextextended('subscription:' || (${connectionId})::text || ':' || (${providerSubscriptionId}), 0)))`;
