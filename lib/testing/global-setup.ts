// Vitest global setup: one fresh database per run. With DATABASE_URL, a new database on that
// server (dropped afterwards, so a shared server keeps nothing); without, an in-memory PGlite
// served over the wire protocol, so tests use postgres.js exactly as the app does.
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { servePglite } from "../../db/pglite-server";
import { spawnSandbox } from "../server/spawn-sandbox";
import { createScratchDatabase } from "./scratch-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "postgresql" | "pglite";
    sandboxUrl: string;
  }
}

async function migrateAt(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await migrate(drizzle({ client: sql }), { migrationsFolder: path.resolve(__dirname, "../../db/migrations") });
  await sql.end();
}

/**
 * One in-memory provider sandbox process per run (the `beacon-sandbox` bin, as the app server
 * starts it), so app code reaches "Stripe" and "Conekta" over HTTP only.
 */
async function startSandbox(project: TestProject) {
  const sandbox = await spawnSandbox({ dataDir: null, port: 0, tickMs: 0, retryBaseMs: 50 });
  project.provide("sandboxUrl", sandbox.url);
  return () => sandbox.stop();
}

export default async function setup(project: TestProject) {
  const stopSandbox = await startSandbox(project);
  const stopDatabase = await setupDatabase(project);
  return async () => {
    await stopDatabase();
    await stopSandbox();
  };
}

async function setupDatabase(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const database = await createScratchDatabase(serverUrl, "beacon_test");
    await migrateAt(database.url);
    project.provide("databaseUrl", database.url);
    project.provide("databaseKind", "postgresql");
    return database.drop;
  }
  const pglite = await PGlite.create();
  const server = await servePglite(pglite, { host: "127.0.0.1", port: 0 });
  const url = `postgres://postgres@127.0.0.1:${server.port}/postgres`;
  await migrateAt(url);
  project.provide("databaseUrl", url);
  project.provide("databaseKind", "pglite");
  return async () => {
    await server.close();
    await pglite.close();
  };
}
