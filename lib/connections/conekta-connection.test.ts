import { randomBytes } from "node:crypto";
import { WebhooksApi } from "conekta";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, providerConnections, vaultSecrets, webhookEndpoints, webhookSecrets } from "@/db/schema";
import { problemResponse } from "@/lib/api/errors";
import { conektaConfig } from "@/lib/providers/clients";
import { createMember, createOwner } from "@/lib/testing/factories";
import { connectConekta } from "./connect-conekta";
import { listConnections } from "./list-connections";
import { loadConnectionHandle } from "./load-connection";
import { registerWebhooks } from "./register-webhooks";
import { refreshConnection } from "./refresh-connection";
import { loadConektaVerificationTargets } from "./verification-targets";
import { problemOf } from "@/lib/testing/problem";

const sandboxKey = () => `key_sandbox_${randomBytes(12).toString("hex")}`;

async function countsFor(organizationId: string) {
  const connections = await db.select().from(providerConnections).where(eq(providerConnections.organizationId, organizationId));
  const secrets = await db.select().from(vaultSecrets).where(eq(vaultSecrets.organizationId, organizationId));
  const endpoints = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.organizationId, organizationId));
  return { connections: connections.length, secrets: secrets.length, endpoints: endpoints.length };
}

describe("Conekta connection", () => {
  it("validates the key with Conekta, then saves it sealed with a webhook and its key", async () => {
    const owner = await createOwner("conekta");
    const key = sandboxKey();
    const connection = await connectConekta({ ctx: owner, input: { mode: "test", privateKey: key } });
    expect(connection).toMatchObject({ provider: "conekta", mode: "test", status: "enabled", credentialHint: key.slice(-4) });
    expect(JSON.stringify(connection)).not.toContain(key);

    const handle = await loadConnectionHandle(db, connection.id);
    expect(handle.credential).toBe(key);
    const [target] = await loadConektaVerificationTargets(db, connection.id);
    expect(target?.secrets).toHaveLength(1);
    expect(target?.secrets[0]?.value).toContain("BEGIN PUBLIC KEY");

    const page = await listConnections({ ctx: owner, input: { mode: "test" } });
    expect(page.conekta?.id).toBe(connection.id);
    expect(page.endpoints).toHaveLength(1);
    expect(page.endpoints[0]).toMatchObject({ kind: "conekta", shared: false, url: expect.stringMatching(new RegExp(`/api/webhooks/conekta/${connection.id}$`)) });

    // Registering again, refreshing and saving the same key again change nothing at Conekta's side.
    await registerWebhooks({ ctx: owner, input: { connectionId: connection.id } });
    expect((await refreshConnection({ ctx: owner, input: { connectionId: connection.id, kind: "manual" } })).status).toBe("enabled");
    await connectConekta({ ctx: owner, input: { mode: "test", privateKey: key } });
    expect(await countsFor(owner.organization.id)).toMatchObject({ connections: 1, endpoints: 1 });
    const actions = (await db.select().from(auditLog).where(eq(auditLog.organizationId, owner.organization.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["connection.connected", "webhook.registered", "connection.credential_replaced"]));
  });

  it("refuses a wrong key with a field error and saves nothing", async () => {
    const owner = await createOwner("conekta-wrong");
    const before = await countsFor(owner.organization.id);
    const attempt = connectConekta({ ctx: owner, input: { mode: "test", privateKey: "key_wrong_0123456789" } });
    await expect(problemOf(attempt)).resolves.toMatchObject({ code: "validation_failed", status: 422, errors: [{ field: "privateKey", message: expect.stringMatching(/rejected/) }] });
    expect(await countsFor(owner.organization.id)).toEqual(before);
  });

  it("lets viewers see but not connect, and shows a replaced key's new account", async () => {
    const owner = await createOwner("conekta-roles");
    const viewer = await createMember(owner, "viewer");
    await expect(problemOf(connectConekta({ ctx: viewer, input: { mode: "test", privateKey: sandboxKey() } }))).resolves.toMatchObject({ code: "forbidden", status: 403 });
    expect(await countsFor(owner.organization.id)).toMatchObject({ connections: 0, secrets: 0 });

    const first = await connectConekta({ ctx: owner, input: { mode: "test", privateKey: sandboxKey() } });
    const second = await connectConekta({ ctx: owner, input: { mode: "test", privateKey: sandboxKey() } });
    expect(second.id).toBe(first.id);
    // The old key is gone from the vault; the other account's endpoint is disabled, a new one serves.
    expect(await countsFor(owner.organization.id)).toMatchObject({ connections: 1 });
    const endpoints = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.connectionId, first.id));
    expect(endpoints.map((e) => e.enabled).sort()).toEqual([false, true]);
    const viewerPage = await listConnections({ ctx: viewer, input: { mode: "test" } });
    expect(viewerPage.conekta?.credentialHint).toBe(second.credentialHint);
    expect(viewerPage.endpoints.every((e) => !e.canRotate)).toBe(true);
    const secrets = await db.select().from(webhookSecrets);
    expect(secrets.length).toBeGreaterThan(0);
  });

  it("answers 409 naming the account's webhooks when Conekta's 10 are taken, and saves nothing", async () => {
    const key = sandboxKey();
    // Another organization uses one slot; a replaced key leaves a stale Beacon webhook in another.
    const other = await createOwner("conekta-limit-other");
    const inUse = await connectConekta({ ctx: other, input: { mode: "test", privateKey: key } });
    const moved = await createOwner("conekta-limit-moved");
    const staleConnection = await connectConekta({ ctx: moved, input: { mode: "test", privateKey: key } });
    await connectConekta({ ctx: moved, input: { mode: "test", privateKey: sandboxKey() } });
    const hooks = new WebhooksApi(conektaConfig(key));
    for (let i = 0; i < 8; i++) await hooks.createWebhook({ url: `https://merchant.example/hooks/${i}` });
    expect((await hooks.getWebhooks("en", undefined, 250)).data.data).toHaveLength(10);

    const owner = await createOwner("conekta-limit");
    const error = await connectConekta({ ctx: owner, input: { mode: "test", privateKey: key } }).catch((e: unknown) => e);
    const response = problemResponse(error, "/api/orgs/x/connections/conekta");
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = await response.json();
    expect(problem).toMatchObject({ code: "webhook_limit_reached", status: 409, provider: "conekta", webhookLimit: 10 });
    expect(problem.detail).toMatch(/already has 10 webhooks.*nothing was saved.*Conekta's panel/);
    const byUrl = Object.fromEntries(problem.webhooks.map((w: { url: string; beacon: string | null }) => [w.url, w.beacon]));
    expect(Object.keys(byUrl)).toHaveLength(10);
    const beaconOf = (connectionId: string) => Object.entries(byUrl).find(([url]) => url.endsWith(`/api/webhooks/conekta/${connectionId}`))?.[1];
    expect(beaconOf(inUse.id)).toBe("in_use");
    expect(beaconOf(staleConnection.id)).toBe("stale");
    expect(byUrl["https://merchant.example/hooks/0"]).toBeNull();
    expect(problem.detail).toContain(`/api/webhooks/conekta/${staleConnection.id}`);
    expect(await countsFor(owner.organization.id)).toEqual({ connections: 0, secrets: 0, endpoints: 0 });
    expect((await hooks.getWebhooks("en", undefined, 250)).data.data).toHaveLength(10);

    // Asked to, Beacon deletes the stale webhook it owns, and only that one, to make room.
    const connection = await connectConekta({ ctx: owner, input: { mode: "test", privateKey: key, removeStaleWebhook: true } });
    const urls = ((await hooks.getWebhooks("en", undefined, 250)).data.data ?? []).map((w) => w.url ?? "");
    expect(urls).toHaveLength(10);
    expect(urls.some((u) => u.endsWith(`/api/webhooks/conekta/${staleConnection.id}`))).toBe(false);
    expect(urls.some((u) => u.endsWith(`/api/webhooks/conekta/${inUse.id}`))).toBe(true);
    expect(urls.some((u) => u.endsWith(`/api/webhooks/conekta/${connection.id}`))).toBe(true);
    const audit = (await db.select().from(auditLog).where(eq(auditLog.organizationId, owner.organization.id))).find((a) => a.action === "connection.connected");
    expect(audit!.metadata).toMatchObject({ removedStaleWebhook: expect.stringContaining(staleConnection.id) });
  });
});
