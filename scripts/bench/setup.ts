import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createScratchDatabase } from "@/lib/testing/scratch-database";

/**
 * The environment every bench process shares, set before any app module reads it: a fresh
 * database (a new one on DATABASE_URL's server, else an embedded PGlite folder this process
 * serves), fixed secrets, no demo, no sandbox, no in-process worker.
 */
export async function benchEnvironment() {
  const env: Record<string, string> = {
    BEACON_VAULT_KEYS: `bench:${randomBytes(32).toString("base64")}`,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    BEACON_SEED_DEMO: "false",
    BEACON_SANDBOX: "on",
    BEACON_SANDBOX_URL: "http://127.0.0.1:9",
    BEACON_WORKER: "false",
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const server = process.env.DATABASE_URL;
  let cleanup: () => Promise<void>;
  if (server) {
    const database = await createScratchDatabase(server, "beacon_bench");
    env.DATABASE_URL = database.url;
    cleanup = database.drop;
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), "beacon-bench-"));
    env.BEACON_DATA_DIR = dir;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  Object.assign(process.env, env);
  // The database's own CPU can be read only when its server runs on this machine.
  const localDatabase = server ? ["127.0.0.1", "localhost", "::1", "[::1]"].includes(new URL(server).hostname) : false;
  return { env: { ...process.env, ...env }, kind: server ? "PostgreSQL" : "embedded PGlite", localDatabase, cleanup };
}

/** An organization with a Stripe connection and an endpoint whose secret is BENCH_SECRET. */
export async function seedBench(slug: string, account: string, secret: string) {
  const { db } = await import("@/db");
  const { organizations, providerConnections, webhookEndpoints, webhookSecrets } = await import("@/db/schema");
  const { storeSecret } = await import("@/lib/vault/vault");
  const [org] = await db.insert(organizations).values({ slug, name: slug }).returning();
  const [connection] = await db
    .insert(providerConnections)
    .values({ organizationId: org!.id, provider: "stripe", mode: "test", status: "enabled", accountId: account })
    .returning();
  const [endpoint] = await db
    .insert(webhookEndpoints)
    .values({ provider: "stripe", mode: "test", kind: "stripe_connect", providerEndpointId: `we_${slug}`, url: "http://127.0.0.1/api/webhooks/stripe" })
    .returning();
  const secretId = await storeSecret(db, { organizationId: null, purpose: "stripe_webhook_secret", value: secret });
  await db.insert(webhookSecrets).values({ endpointId: endpoint!.id, secretId });
  return { organizationId: org!.id, connectionId: connection!.id };
}
