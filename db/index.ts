import "server-only";
import { createDb, createSqlClient, type Db, type DbOrTx } from "./client";

export type { Db, DbOrTx, Tx } from "./client";

// One pool per process, shared by every module instance the bundler may create.
const g = globalThis as { __beaconDb?: Db };
export const db: Db = (g.__beaconDb ??= createDb(createSqlClient({ max: 10 })));

/** Runs fn in a transaction, or inside the caller's transaction when one is already open. */
export async function withTransaction<T>(outer: DbOrTx | undefined, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  if (outer && outer !== db) return fn(outer);
  return db.transaction((tx) => fn(tx));
}
