import "server-only";
import { sql } from "drizzle-orm";
import { db } from "@/db";
import { env } from "@/lib/env";

const startedAt = Date.now();
const timeoutMs = 3000;

async function checkDatabase() {
  const started = performance.now();
  try {
    await Promise.race([
      db.execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
    ]);
    return { status: "up" as const, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: "down" as const, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function checkHealth() {
  const database = await checkDatabase();
  return {
    status: database.status === "up" ? ("ok" as const) : ("unavailable" as const),
    app: { uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) },
    database: { ...database, kind: env.embeddedDatabase ? "embedded-pglite" : "postgresql" },
  };
}
