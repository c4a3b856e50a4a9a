import "server-only";
import { createDb, createSqlClient, type Db } from "./client";

export type { Db, DbOrTx, Tx } from "./client";

// One pool per process, shared by every module instance the bundler may create.
const g = globalThis as { __beaconDb?: Db };
export const db: Db = (g.__beaconDb ??= createDb(createSqlClient({ max: 10 })));

