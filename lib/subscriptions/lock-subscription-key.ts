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
 * Whether no other transaction holds this lock right now (true, too, when there is no
 * subscription): for a claim, which passes over the events of a subscription another worker is
 * writing instead of queueing behind it. It only looks (the lock is taken and let go at once): a
 * claim that kept it would hold a subscription before its customers, the reverse of every writer's
 * order, and two writers could deadlock.
 */
export const subscriptionKeyFree = (connectionId: SQL, providerSubscriptionId: SQL) => {
  const key = sql`hashtextextended('subscription:' || (${connectionId})::text || ':' || (${providerSubscriptionId}), 0)`;
  return sql`((${connectionId}) is null or (${providerSubscriptionId}) is null or (pg_try_advisory_lock(${key}) and pg_advisory_unlock(${key})))`;
};
