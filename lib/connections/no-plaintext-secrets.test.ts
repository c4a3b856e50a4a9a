import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { createOwner } from "@/lib/testing/factories";
import { connectConekta } from "./connect-conekta";
import { addForwardingEndpoint } from "./forwarding/add-forwarding-endpoint";
import { listConnections } from "./list-connections";
import { rotateWebhookSecret } from "./rotate-webhook-secret";
import { startStripeOnboarding } from "./start-stripe-onboarding";
import { loadConektaVerificationTargets, loadStripeVerificationTargets } from "./verification-targets";

const tables = ["vault_secrets", "provider_connections", "webhook_endpoints", "webhook_secrets", "webhook_events", "webhook_rejections", "audit_log"];

/** Every row of every text-like column of the tables, as text, that contains `needle`. */
async function findInDatabase(needle: string) {
  const columns = await db.execute<{ table_name: string; column_name: string }>(sql`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and table_name in (${sql.join(tables.map((t) => sql`${t}`), sql`, `)})
      and data_type in ('text', 'character varying', 'jsonb', 'json')`);
  expect(columns.length).toBeGreaterThan(10);
  const hits: string[] = [];
  for (const { table_name, column_name } of columns) {
    const rows = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text like ${`%${needle}%`}`,
    );
    if (rows[0]!.n > 0) hits.push(`${table_name}.${column_name}`);
  }
  return hits;
}


describe("secrets at rest", () => {
  it("stores no private key, signing secret or webhook key in plain text anywhere", async () => {
    const owner = await createOwner("plaintext");
    const privateKey = `key_sandbox_${randomBytes(16).toString("hex")}`;
    const conekta = await connectConekta({ ctx: owner, input: { mode: "test", privateKey } });
    await startStripeOnboarding({ ctx: owner, input: { mode: "test" } });
    const conektaEndpoint = (await listConnections({ ctx: owner, input: { mode: "test" } })).endpoints.find((e) => e.kind === "conekta")!;
    await rotateWebhookSecret({ ctx: owner, input: { endpointId: conektaEndpoint.id } });
    // The whsec_ a developer's `stripe listen` printed, registered as a forwarding endpoint.
    const forwardingSecret = `whsec_${randomBytes(24).toString("base64url")}`;
    await addForwardingEndpoint({ ctx: owner, input: { mode: "test", secret: forwardingSecret } });

    const stripeSecrets = (await loadStripeVerificationTargets(db)).flatMap((t) => t.secrets.map((s) => s.value));
    const conektaKeys = (await loadConektaVerificationTargets(db, conekta.id)).flatMap((t) => t.secrets.map((s) => s.value));
    expect(stripeSecrets.length).toBeGreaterThanOrEqual(2);
    expect(conektaKeys.length).toBeGreaterThanOrEqual(1);

    const needles = [privateKey, forwardingSecret, ...stripeSecrets, ...conektaKeys.map((pem) => pem.split("\n")[1]!)];
    for (const needle of needles) expect({ needle: needle.slice(0, 12), hits: await findInDatabase(needle) }).toEqual({ needle: needle.slice(0, 12), hits: [] });
    // Nor anything shaped like one, in the tables this feature writes.
    for (const shape of ["whsec_", "key_sandbox_", "BEGIN PUBLIC KEY"]) {
      expect((await findInDatabase(shape)).filter((hit) => !hit.startsWith("webhook_events"))).toEqual([]);
    }
  });
});
