import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { webhookEvents, webhookRejections } from "@/db/schema";
import { createMember, createOwner } from "@/lib/testing/factories";
import { connectConekta } from "./connect-conekta";
import { listConnections } from "./list-connections";
import { startStripeOnboarding } from "./start-stripe-onboarding";
import { testWebhookSignature } from "./test-webhook-signature";
import { problemOf } from "@/lib/testing/problem";

// No Beacon server runs under Vitest, so the sandbox's deliveries reach nobody; what the
// ingestion route would write is written here, stamped ahead of the test's start.
const soon = () => new Date(Date.now() + 60_000);

describe("test signature", () => {
  it("reports an unreachable endpoint, a rejection with its reason, and a verified round trip", async () => {
    const owner = await createOwner("sigtest");
    const viewer = await createMember(owner, "viewer");
    const connection = await connectConekta({ ctx: owner, input: { mode: "test", privateKey: `key_sandbox_${randomBytes(10).toString("hex")}` } });
    const [endpoint] = (await listConnections({ ctx: owner, input: { mode: "test" } })).endpoints;
    const input = { endpointId: endpoint!.id, timeoutMs: 400 };

    await expect(problemOf(testWebhookSignature({ ctx: viewer, input }))).resolves.toMatchObject({ status: 403 });

    const unreachable = await testWebhookSignature({ ctx: owner, input });
    expect(unreachable).toMatchObject({ ok: false, outcome: "unreachable", url: endpoint!.url });
    expect(unreachable.detail).toContain(endpoint!.url);

    await db.insert(webhookRejections).values({
      provider: "conekta",
      endpointId: endpoint!.id,
      organizationId: owner.organization.id,
      reason: "timestamp_out_of_tolerance",
      skewSeconds: 420,
      bodySha256: "0".repeat(64),
      receivedAt: soon(),
    });
    const skewed = await testWebhookSignature({ ctx: owner, input });
    expect(skewed).toMatchObject({ ok: false, outcome: "rejected", reason: "timestamp_out_of_tolerance", skewSeconds: 420 });
    expect(skewed.detail).toMatch(/^Clock skew of 420 s/);

    await db.insert(webhookEvents).values({
      provider: "conekta",
      mode: "test",
      account: connection.id,
      providerEventId: randomBytes(12).toString("hex"),
      type: "webhook_ping",
      endpointId: endpoint!.id,
      organizationId: owner.organization.id,
      connectionId: connection.id,
      providerCreatedAt: new Date(),
      receivedAt: soon(),
      rawBody: "{}",
    });
    const verified = await testWebhookSignature({ ctx: owner, input });
    expect(verified).toMatchObject({ ok: true, outcome: "verified", eventType: "webhook_ping", reason: null });
    expect(verified.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("never reports someone else's refused Stripe delivery as the organization's result", async () => {
    const owner = await createOwner("sigtest-shared");
    await startStripeOnboarding({ ctx: owner, input: { mode: "test" } });
    const [endpoint] = (await listConnections({ ctx: owner, input: { mode: "test" } })).endpoints;
    // Anyone's forged delivery at the shared URL, during the test's wait: it belongs to nobody.
    await db.insert(webhookRejections).values({ provider: "stripe", reason: "bad_signature", detail: "someone else's", bodySha256: "1".repeat(64), receivedAt: soon() });
    const result = await testWebhookSignature({ ctx: owner, input: { endpointId: endpoint!.id, timeoutMs: 400 } });
    expect(result).toMatchObject({ ok: false, outcome: "unreachable" });
    expect(result.detail).toContain("belong to no organization");
  });

  it("treats an endpoint the organization cannot see as not found", async () => {
    const owner = await createOwner("sigtest-stripe");
    await expect(problemOf(testWebhookSignature({ ctx: owner, input: { endpointId: "00000000-0000-4000-8000-000000000000" } }))).resolves.toMatchObject({ status: 404 });
  });
});
