import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { overviewCounts } from "@/db/queries/overview";
import { providerConnections, webhookEndpoints, webhookSecrets } from "@/db/schema";
import { seedEvent } from "@/lib/observability/test-support";
import { quickstartChecklist } from "@/lib/overview/quickstart-checklist";
import { getAdapter } from "@/lib/providers";
import { stripeClient } from "@/lib/providers/clients";
import { createOwner } from "@/lib/testing/factories";
import { stripeWebhookUrl } from "./availability";
import { listConnections } from "./list-connections";
import { rotateEndpointSecret } from "./rotate-webhook-secret";
import { startStripeOnboarding } from "./start-stripe-onboarding";
import { insertEndpoint } from "./webhook-secrets";

// Beacon's Stripe endpoints are shared by every organization: operators rotate them, and each
// organization sees only its own deliveries through them.

async function stripeConnection(label: string) {
  const owner = await createOwner(label);
  await startStripeOnboarding({ ctx: owner, input: { mode: "test" } });
  const [connection] = await db
    .select()
    .from(providerConnections)
    .where(and(eq(providerConnections.organizationId, owner.organization.id), eq(providerConnections.provider, "stripe"), eq(providerConnections.mode, "test")));
  return { owner, connection: connection! };
}

async function stripeEndpointExists(id: string) {
  return stripeClient("test")
    .webhookEndpoints.retrieve(id)
    .then(() => true, (error: { code?: string }) => (error.code === "resource_missing" ? false : Promise.reject(error as Error)));
}

describe("Beacon's shared Stripe endpoints", () => {
  it("repeated rotations keep one overlap: the endpoint before the previous one is removed at Stripe at once", async () => {
    // A Connect endpoint of this test's own, so other tests' deliveries are not disturbed.
    const target = { mode: "test" as const, kind: "stripe_connect" as const, url: stripeWebhookUrl(), handle: null };
    const material = await getAdapter("stripe").registerWebhook(target);
    let endpoint = await insertEndpoint(db, { organizationId: null, connectionId: null, provider: "stripe", mode: "test", kind: "stripe_connect", url: target.url }, material);
    const registered = [endpoint.providerEndpointId];
    try {
      for (let i = 0; i < 5; i++) {
        await rotateEndpointSecret(db, endpoint, { system: "ops CLI" });
        [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id)) as [typeof endpoint];
        registered.push(endpoint.providerEndpointId);
      }
      const secrets = await db.select().from(webhookSecrets).where(eq(webhookSecrets.endpointId, endpoint.id));
      expect(secrets.map((s) => s.status).sort()).toEqual(["active", "retired", "retired", "retired", "retired", "retiring"]);
      // 5 rotations: the current endpoint and the one it replaced deliver; the 4 before are gone.
      const alive = await Promise.all(registered.map(stripeEndpointExists));
      expect(alive).toEqual([false, false, false, false, true, true]);
    } finally {
      await db.update(webhookEndpoints).set({ enabled: false }).where(eq(webhookEndpoints.id, endpoint.id));
      for (const id of registered) await stripeClient("test").webhookEndpoints.del(id).catch(() => undefined);
    }
  });

  it("a tenant's Connections page shows its own deliveries through the shared endpoint, never the platform's", async () => {
    const busy = await stripeConnection("busy-tenant");
    const fresh = await stripeConnection("fresh-tenant");
    const [connect] = (await listConnections({ ctx: busy.owner, input: { mode: "test" } })).endpoints;
    expect(connect).toMatchObject({ kind: "stripe_connect", shared: true, canRotate: false });
    // The platform's figures: every organization's deliveries, bookkept on the shared rows.
    await db.update(webhookEndpoints).set({ lastDeliveryAt: new Date(), lastVerification: "verified" }).where(eq(webhookEndpoints.id, connect!.id));
    await db.update(webhookSecrets).set({ verifiedCount: 100_000 }).where(and(eq(webhookSecrets.endpointId, connect!.id), eq(webhookSecrets.status, "active")));
    const at = new Date(Date.now() + 1000);
    await seedEvent(busy.connection, { endpointId: connect!.id, deliveries: 3, receivedAt: at });
    await seedEvent(busy.connection, { endpointId: connect!.id, deliveries: 1, receivedAt: at });

    const mine = (await listConnections({ ctx: busy.owner, input: { mode: "test" } })).endpoints;
    expect(mine.map((e) => e.kind)).toEqual(["stripe_connect"]);
    expect(mine[0]).toMatchObject({ verifiedCount: 4, lastVerification: "verified", lastDeliveryAt: at.toISOString() });

    const theirs = (await listConnections({ ctx: fresh.owner, input: { mode: "test" } })).endpoints;
    expect(theirs[0]).toMatchObject({ id: connect!.id, verifiedCount: 0, lastVerification: null, lastDeliveryAt: null, canRotate: false });
    // Nor does the quickstart count another organization's verified delivery as its own.
    const steps = await quickstartChecklist(await overviewCounts(db, fresh.owner.organization.id, "test", new Date()), fresh.owner.organization.slug, 0);
    expect(steps.find((s) => s.key === "webhooks")?.done).toBe(false);
  });
});
