import "server-only";
import path from "node:path";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { env } from "@/lib/env";
import { createDb, createSqlClient } from "./client";
import { db } from "./index";
import { ensureEmbeddedDatabase, stopEmbeddedDatabase } from "./embedded";

export const migrationsFolder = path.join(process.cwd(), "db/migrations");

/** Applies committed migrations. An advisory lock keeps concurrent starters from racing. */
export async function migrateDatabase() {
  const sql = createSqlClient({ max: 1 });
  try {
    await sql`select pg_advisory_lock(7419001)`;
    await migrate(createDb(sql), { migrationsFolder });
    await sql`select pg_advisory_unlock(7419001)`;
  } finally {
    await sql.end();
  }
}

/** Brings the database up for this process: serves the embedded one if needed, then migrates. */
export async function prepareDatabase() {
  if (env.embeddedDatabase) await ensureEmbeddedDatabase(env.dataDir);
  await migrateDatabase();
}

/** For short-lived processes (the CLI): end the pool, then the embedded server if this process owns it. */
export async function closeDatabase() {
  await db.$client.end({ timeout: 5 });
  await stopEmbeddedDatabase();
}
