import "server-only";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import { embeddedSocketPath } from "./embedded";
import * as schema from "./schema";

/** A postgres.js client for DATABASE_URL, or for the embedded database's socket. */
export function createSqlClient(options: postgres.Options<Record<string, never>> = {}) {
  const common = { onnotice: () => {}, ...options };
  if (env.DATABASE_URL) return postgres(env.DATABASE_URL, common);
  return postgres({ ...common, path: embeddedSocketPath(env.dataDir), database: "postgres", username: "postgres" });
}

export function createDb(client: postgres.Sql) {
  return drizzle({ client, schema, casing: "snake_case" });
}

export type Db = ReturnType<typeof createDb>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Query helpers take either the pool or an open transaction as their first argument. */
export type DbOrTx = Db | Tx;
