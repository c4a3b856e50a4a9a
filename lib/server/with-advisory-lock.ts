import "server-only";
import type { Db } from "@/db";

// Advisory locks taken here use the two-key form (namespace, key), so they never collide with
// the single-key ones elsewhere (migrations, per-subscription and per-organization locks).
const namespace = 7419;

/** On PGlite, a lock older than this is taken to belong to a client that died mid-run. */
export const staleLockSeconds = 15 * 60;

export type LockedRun<T> = { ran: true; result: T } | { ran: false };

type Connection = Awaited<ReturnType<Db["$client"]["reserve"]>>;

/**
 * Runs `run` only if no other session (or other caller in this one) holds the lock `key`;
 * otherwise returns `{ ran: false }` at once. The lock is a session lock on a reserved
 * connection, held for the run and not a transaction, so `run` may call providers and write
 * through the pool.
 *
 * PGlite serves one session to every connection: the `pg_locks` check makes the lock
 * non-reentrant there (a bare `pg_try_advisory_lock` would be granted twice), and since a client
 * that dies mid-run cannot release it, a lock held past `staleLockSeconds` (its start is kept in
 * a session setting) is taken over. On PostgreSQL the session ends with its client and the
 * setting is never another session's, so neither applies.
 */
export async function withAdvisoryLock<T>(db: Db, key: number, run: () => Promise<T>): Promise<LockedRun<T>> {
  const connection = await db.$client.reserve();
  try {
    if (!(await tryLock(connection, key)) && !((await takeOverStale(connection, key)) && (await tryLock(connection, key)))) return { ran: false };
    try {
      return { ran: true, result: await run() };
    } finally {
      await connection`select pg_advisory_unlock(${namespace}::int, ${key}::int)`;
    }
  } finally {
    connection.release();
  }
}

const startedSetting = (key: number) => `beacon.advisory_lock_${namespace}_${key}`;

async function tryLock(connection: Connection, key: number) {
  const [row] = await connection<{ acquired: boolean }[]>`
    select pg_try_advisory_lock(${namespace}::int, ${key}::int) as acquired
    where not exists (
      select 1 from pg_locks
      where locktype = 'advisory' and classid = ${namespace}::int::oid and objid = ${key}::int::oid and objsubid = 2
    )`;
  if (!row?.acquired) return false;
  await connection`select set_config(${startedSetting(key)}, extract(epoch from now())::text, false)`;
  return true;
}

/** Releases a lock this very session holds since longer than `staleLockSeconds` (PGlite only). */
async function takeOverStale(connection: Connection, key: number) {
  const [row] = await connection<{ released: boolean }[]>`
    select pg_advisory_unlock(${namespace}::int, ${key}::int) as released
    from pg_locks
    where locktype = 'advisory' and classid = ${namespace}::int::oid and objid = ${key}::int::oid and objsubid = 2
      and pid = pg_backend_pid()
      and coalesce(nullif(current_setting(${startedSetting(key)}, true), ''), '0')::float8 < extract(epoch from now()) - ${staleLockSeconds}`;
  return row?.released === true;
}
