import "server-only";
import type postgres from "postgres";
import { createDb, type Db } from "@/db/client";

type Sql = postgres.Sql | postgres.TransactionSql;

/**
 * postgres.js sends a statement with parameters that it has not prepared as Parse+Describe, waits
 * for the answer, then sends Bind+Execute: two round trips, and the server parses and plans it
 * every time. Drizzle asks for exactly that on every query it does not name. The worker's
 * statements are few and always the same text, so its view of the pool prepares each one, once
 * per connection; every later run is one round trip, with no re-parse. The pool itself is shared
 * and unchanged (the app's own queries stay unprepared).
 */
function preparing<T extends Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, args?: unknown[], options?: Record<string, unknown>) =>
          target.unsafe(query, args as postgres.ParameterOrJSON<never>[], { ...options, prepare: true });
      }
      if (property === "begin") {
        return (options: unknown, fn?: (tx: postgres.TransactionSql) => unknown) =>
          typeof options === "function"
            ? (target as postgres.Sql).begin((tx) => (options as (tx: postgres.TransactionSql) => unknown)(preparing(tx)))
            : (target as postgres.Sql).begin(options as string, (tx) => fn!(preparing(tx)));
      }
      if (property === "savepoint") {
        return (fn: (tx: postgres.TransactionSql) => unknown) => (target as postgres.TransactionSql).savepoint((tx) => fn(preparing(tx)));
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

const views = new WeakMap<Db, Db>();

/** The same pool as `db`, every statement prepared (see above). */
export function withPreparedStatements(db: Db): Db {
  let view = views.get(db);
  if (!view) views.set(db, (view = createDb(preparing(db.$client))));
  return view;
}
