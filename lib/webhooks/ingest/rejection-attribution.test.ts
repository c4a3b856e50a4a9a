import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { db } from "@/db";
import { webhookRejections } from "@/db/schema";
import { listAlerts } from "@/lib/observability/alerts/list-alerts";
import { getObservability } from "@/lib/observability/get-observability";
import { seedRejection } from "@/lib/observability/test-support";
import { listEvents } from "@/lib/webhooks/events/list-events";
import { conektaSetup, deliverConekta, deliverStripe, eventId, stripeEventBody, stripeSetup } from "../testing/fixtures";

// Anyone can POST to Beacon's shared Stripe URL and name any account in the body. Such a delivery
// verifies against nothing, so it belongs to no organization: it must not raise a tenant's alert
// or show in its charts. Only what arrives at an endpoint the organization owns is its own.

const now = () => Math.floor(Date.now() / 1000);
const sha256 = (body: string) => createHash("sha256").update(body).digest("hex");

describe("rejected deliveries and their organization", () => {
  test("five unsigned Stripe POSTs naming a tenant's account are recorded for nobody and raise no alert", async () => {
    const { owner, account } = await stripeSetup("victim");
    const bodies = Array.from({ length: 5 }, () => stripeEventBody({ id: eventId(), type: "invoice.paid", account: account.id, created: now(), object: { id: "in_forged" } }));
    for (const [i, body] of bodies.entries()) {
      const res = await deliverStripe(body, i % 2 ? null : `whsec_forged_${randomBytes(4).toString("hex")}`);
      expect(res.status).toBe(400);
    }
    for (const body of bodies) {
      const [row] = await db.select().from(webhookRejections).where(eq(webhookRejections.bodySha256, sha256(body)));
      expect(row).toMatchObject({ provider: "stripe", organizationId: null, endpointId: null });
    }
    const alerts = await listAlerts({ ctx: owner, mode: "test" });
    expect(alerts.alerts.filter((a) => a.rule === "signature_failures" || a.rule === "endpoint_failure_ratio")).toEqual([]);
    expect((await getObservability({ ctx: owner, mode: "test", range: "24h" })).totals.rejections).toBe(0);
    const events = await listEvents({ ctx: owner, input: { mode: "test", status: "rejected", limit: 50 } });
    expect(events.items).toEqual([]);
  });

  test("a row still attributed by its body (before this fix) counts for nobody either", async () => {
    const { owner } = await stripeSetup("legacy-victim");
    for (let i = 0; i < 5; i++) await seedRejection(owner, { provider: "stripe", reason: "bad_signature" });
    const alerts = await listAlerts({ ctx: owner, mode: "test" });
    expect(alerts.alerts.filter((a) => a.rule === "signature_failures")).toEqual([]);
  });

  test("a forged Conekta delivery at the organization's own URL is its own, and alerts it", async () => {
    const { owner, connection, endpoint } = await conektaSetup("conekta-own");
    for (let i = 0; i < 5; i++) {
      const body = JSON.stringify({ id: eventId(""), object: "event", type: "order.paid", created_at: now(), livemode: false, data: { object: {} } });
      expect((await deliverConekta(connection.id, body, "Zm9yZ2Vk")).status).toBe(400);
      const [row] = await db.select().from(webhookRejections).where(eq(webhookRejections.bodySha256, sha256(body)));
      expect(row).toMatchObject({ organizationId: owner.organization.id, endpointId: endpoint.id });
    }
    const [alert] = (await listAlerts({ ctx: owner, mode: "test" })).alerts.filter((a) => a.rule === "signature_failures");
    expect(alert).toMatchObject({ provider: "conekta", severity: "critical", params: { count: 5 } });
  });
});
