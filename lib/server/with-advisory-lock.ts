import "server-only";
import type { Db } from "@/db";

// Advisory locks taken here use the two-key form (namespace, key), so they never collide with
// the single-key ones elsewhere (migrations, per-subscription and per-organization locks).
const namespace = 7419;

export type LockedRun<T> = { ran: true; result: T } | { ran: false };

/**
 * Runs `run` only if no other session (or other caller in this one) holds the lock `key`;
 * otherwise returns `{ ran: false }` at once. The lock is a session lock on a reserved
 * connection, held for the run and not a transaction, so `run` may call providers and write
 * through the pool. The `pg_locks` check makes it non-reentrant: PGlite serves one session to
 * every connection, where a bare `pg_try_advisory_lock` would be granted twice.
 */
export async function withAdvisoryLock<T>(db: Db, key: number, run: () => Promise<T>): Promise<LockedRun<T>> {
  const connection = await db.$client.reserve();
  try {
    const [row] = await connection<{ acquired: boolean }[]>`
      select pg_try_advisory_lock(${namespace}::int, ${key}::int) as acquired
      where not exists (
        select 1 from pg_locks
        where locktype = 'advisory' and classid = ${namespace}::int::oid and objid = ${key}::int::oid and objsubid = 2
      )`;
    if (!row?.acquired) return { ran: false };
    try {
      return { ran: true, result: await run() };
    } finally {
      await connection`select pg_advisory_unlock(${namespace}::int, ${key}::int)`;
    }
  } finally {
    connection.release();
  }
}
