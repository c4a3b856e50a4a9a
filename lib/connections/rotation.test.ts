import { randomBytes } from "node:crypto";
import { WebhookKeysApi } from "conekta";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, webhookEndpoints, webhookSecrets } from "@/db/schema";
import { env } from "@/lib/env";
import { conektaConfig, stripeClient } from "@/lib/providers/clients";
import { createMember, createOwner } from "@/lib/testing/factories";
import { connectConekta } from "./connect-conekta";
import { listConnections } from "./list-connections";
import { rotateEndpointSecret, rotateWebhookSecret } from "./rotate-webhook-secret";
import { startStripeOnboarding } from "./start-stripe-onboarding";
import { sweepWebhookSecrets } from "./sweep-webhook-secrets";
import { loadConektaVerificationTargets, loadStripeVerificationTargets } from "./verification-targets";
import { problemOf } from "@/lib/testing/problem";

const hours = (n: number) => n * 3_600_000;


describe("webhook secret rotation", () => {
  it("keeps the old Conekta key verifying through the overlap, then retires it at Conekta", async () => {
    const owner = await createOwner("rotate-conekta");
    const admin = await createMember(owner, "admin");
    const viewer = await createMember(owner, "viewer");
    const key = `key_sandbox_${randomBytes(12).toString("hex")}`;
    const connection = await connectConekta({ ctx: owner, input: { mode: "test", privateKey: key } });
    const [endpoint] = (await listConnections({ ctx: owner, input: { mode: "test" } })).endpoints;
    const [before] = await loadConektaVerificationTargets(db, connection.id);

    await expect(problemOf(rotateWebhookSecret({ ctx: viewer, input: { endpointId: endpoint!.id } }))).resolves.toMatchObject({ status: 403 });
    const started = Date.now();
    const rotated = await rotateWebhookSecret({ ctx: admin, input: { endpointId: endpoint!.id } });
    const retiresAt = new Date(rotated.retiresAt).getTime();
    expect(retiresAt).toBeGreaterThanOrEqual(started + hours(env.BEACON_SECRET_OVERLAP_HOURS));
    expect(retiresAt).toBeLessThanOrEqual(Date.now() + hours(env.BEACON_SECRET_OVERLAP_HOURS));

    const secrets = await db.select().from(webhookSecrets).where(eq(webhookSecrets.endpointId, endpoint!.id));
    expect(secrets.map((s) => s.status).sort()).toEqual(["active", "retiring"]);
    const [during] = await loadConektaVerificationTargets(db, connection.id);
    expect(during?.secrets).toHaveLength(2);
    expect(during?.secrets[1]?.value).toBe(before?.secrets[0]?.value); // new first, old still verifies
    expect((await listConnections({ ctx: owner, input: { mode: "test" } })).endpoints[0]?.retiring).toHaveLength(1);

    // Before the overlap ends nothing is retired; after it, the old key is gone here and at Conekta.
    const retiring = secrets.find((s) => s.status === "retiring")!;
    await sweepWebhookSecrets(db, new Date(retiresAt - 1000));
    expect((await db.select().from(webhookSecrets).where(eq(webhookSecrets.id, retiring.id)))[0]?.status).toBe("retiring");
    const oldKeyId = retiring.providerKeyId!;
    await sweepWebhookSecrets(db, new Date(retiresAt + 1000));
    const [after] = await loadConektaVerificationTargets(db, connection.id);
    expect(after?.secrets.map((s) => s.value)).toEqual([during?.secrets[0]?.value]);
    await expect(new WebhookKeysApi(conektaConfig(key)).getWebhookKey(oldKeyId)).rejects.toMatchObject({ response: { status: 404 } });
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.organizationId, owner.organization.id), eq(auditLog.action, "webhook_secret.rotated")));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorLabel).toBe(admin.principal.type === "user" ? admin.principal.email : "");
  });

  it("refuses every tenant the shared Stripe endpoints; the ops CLI rotates them, with a second endpoint during the overlap", async () => {
    const owner = await createOwner("rotate-stripe");
    const admin = await createMember(owner, "admin");
    const other = await createOwner("rotate-stripe-other");
    await startStripeOnboarding({ ctx: owner, input: { mode: "test" } });
    await startStripeOnboarding({ ctx: other, input: { mode: "test" } });
    const connect = (await listConnections({ ctx: owner, input: { mode: "test" } })).endpoints.find((e) => e.kind === "stripe_connect")!;
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, connect.id));

    // Anyone can sign up and own an organization: owning one gives no hold on what all share.
    await expect(problemOf(rotateWebhookSecret({ ctx: admin, input: { endpointId: connect.id } }))).resolves.toMatchObject({ status: 403 });
    await expect(problemOf(rotateWebhookSecret({ ctx: owner, input: { endpointId: connect.id } }))).resolves.toMatchObject({ status: 403, code: "forbidden" });
    const [platform] = await db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.kind, "stripe_platform"), eq(webhookEndpoints.mode, "test"), eq(webhookEndpoints.enabled, true)));
    await expect(problemOf(rotateWebhookSecret({ ctx: owner, input: { endpointId: platform!.id } }))).resolves.toMatchObject({ status: 404 });
    const [unchanged] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, connect.id));
    expect(unchanged!.providerEndpointId).toBe(row!.providerEndpointId);

    const rotated = await rotateEndpointSecret(db, row!, { system: "ops CLI" });
    const [moved] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, connect.id));
    expect(moved!.providerEndpointId).not.toBe(row!.providerEndpointId);
    // Both Stripe endpoints exist and both secrets verify until the overlap ends.
    await expect(stripeClient("test").webhookEndpoints.retrieve(row!.providerEndpointId)).resolves.toMatchObject({ status: "enabled" });
    const during = (await loadStripeVerificationTargets(db)).find((t) => t.endpoint.id === connect.id);
    expect(during?.secrets).toHaveLength(2);

    await sweepWebhookSecrets(db, new Date(new Date(rotated.retiresAt).getTime() + 1000));
    await expect(stripeClient("test").webhookEndpoints.retrieve(row!.providerEndpointId)).rejects.toMatchObject({ code: "resource_missing" });
    await expect(stripeClient("test").webhookEndpoints.retrieve(moved!.providerEndpointId)).resolves.toMatchObject({ status: "enabled" });
    expect((await loadStripeVerificationTargets(db)).find((t) => t.endpoint.id === connect.id)?.secrets).toHaveLength(1);

    // Every organization the shared endpoint serves records the rotation, as done by the system.
    const entries = await db.select().from(auditLog).where(and(eq(auditLog.action, "webhook_secret.rotated"), eq(auditLog.targetId, connect.id)));
    for (const org of [owner, other]) {
      expect(entries.find((e) => e.organizationId === org.organization.id)).toMatchObject({ actorType: "system", actorLabel: "ops CLI" });
    }
  });
});
