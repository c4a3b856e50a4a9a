import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db";

/** The advisory lock's key: its name `subscription:<connection id>:<provider subscription id>`, hashed. */
const lockKey = (connectionId: SQL, providerSubscriptionId: SQL) =>
  sql`hashtextextended('subscription:' || (${connectionId})::text || ':' || (${providerSubscriptionId}), 0)`;

/**
 * Serializes writers of these subscriptions for the rest of the transaction, whether or not
 * their rows exist yet: two events creating the same subscription at once would otherwise both
 * see "no row" and the second would overwrite the first. One statement takes every lock, in key
 * order, so two writers locking overlapping sets wait for each other instead of deadlocking.
 * Re-entrant within a transaction.
 */
export async function lockSubscriptionKeys(tx: Tx, keys: { connectionId: string; providerSubscriptionId: string }[]) {
  if (keys.length === 0) return;
  const pairs = JSON.stringify(keys.map((k) => ({ c: k.connectionId, r: k.providerSubscriptionId })));
  await tx.execute(
    sql`select pg_advisory_xact_lock(${lockKey(sql`c`, sql`r`)})
      from (select c, r from (select distinct c, r from jsonb_to_recordset(${pairs}::jsonb) as k(c text, r text)) as keys order by c collate "C", r collate "C") as ordered`,
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
  const key = lockKey(connectionId, providerSubscriptionId);
  return sql`((${connectionId}) is null or (${providerSubscriptionId}) is null or (pg_try_advisory_lock(${key}) and pg_advisory_unlock(${key})))`;
};
