import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { checkouts, providerConnections, webhookEvents } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import { createOwner } from "@/lib/testing/factories";
import type { AlertRule } from "../alert-types";
import { minutesAgo, seedAttempt, seedCheckout, seedConnection, seedEndpoint, seedEvent, seedPlan, seedRejection } from "../test-support";
import { thresholds } from "../thresholds";
import { listAlerts } from "./list-alerts";

// Each alert: inserted rows create its cause, the alert fires with the right severity and link,
// then the cause goes away (fixed, or aged out of the window) and so does the alert.

async function alertsOf(ctx: OrgContext, rule: AlertRule, now = new Date(), mode: "test" | "live" = "test") {
  return (await listAlerts({ ctx, mode, now })).alerts.filter((a) => a.rule === rule);
}
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

describe("listAlerts", () => {
  it("raises nothing for a healthy organization", async () => {
    const ctx = await createOwner("healthy");
    const stripe = await seedConnection(ctx);
    const event = await seedEvent(stripe);
    await seedAttempt(event, "processed");
    const plan = await seedPlan(ctx);
    await seedCheckout(stripe, plan, { status: "completed", confirmedAt: new Date(), createdAt: minutesAgo(60) });
    expect(await listAlerts({ ctx, mode: "test" })).toMatchObject({ critical: 0, warning: 0, alerts: [] });
  });

  it("signature failures: a warning, critical past the threshold, gone an hour later", async () => {
    const ctx = await createOwner("signatures");
    // Refused at the organization's own (Conekta) endpoint: attributable to it.
    const endpoint = await seedEndpoint(await seedConnection(ctx, { provider: "conekta" }));
    const own = { provider: "conekta" as const, endpointId: endpoint.id };
    await seedRejection(ctx, { ...own, reason: "timestamp_out_of_tolerance", skewSeconds: -420 });
    await seedRejection(ctx, { ...own, reason: "payload_too_large" });
    const [warning] = await alertsOf(ctx, "signature_failures");
    expect(warning).toMatchObject({ severity: "warning", provider: "conekta", params: { count: 1, maxSkewSeconds: 420, reasons: ["timestamp_out_of_tolerance"] }, link: `/${ctx.organization.slug}/events` });
    for (let i = 0; i < thresholds.signatureFailures.critical; i++) await seedRejection(ctx, own);
    expect((await alertsOf(ctx, "signature_failures"))[0]).toMatchObject({ severity: "critical", params: { count: 6 } });
    expect(await alertsOf(ctx, "signature_failures", later(61))).toEqual([]);
  });

  it("processing failure rate: critical over half the attempts, cleared when successes dilute it", async () => {
    const ctx = await createOwner("failrate");
    const stripe = await seedConnection(ctx);
    const event = await seedEvent(stripe, { status: "failed", processedAt: null });
    for (const outcome of ["failed", "failed", "failed", "processed", "processed"] as const) await seedAttempt(event, outcome);
    expect((await alertsOf(ctx, "processing_failure_rate"))[0]).toMatchObject({ severity: "critical", params: { failed: 3, attempts: 5, percent: 60 } });
    for (let i = 0; i < 15; i++) await seedAttempt(event, "processed");
    expect(await alertsOf(ctx, "processing_failure_rate")).toEqual([]);
  });

  it("processing failure rate: each mode's attempts are judged apart", async () => {
    const ctx = await createOwner("failrate-modes");
    const healthy = await seedEvent(await seedConnection(ctx));
    for (let i = 0; i < 5; i++) await seedAttempt(healthy, "processed");
    const failing = await seedEvent(await seedConnection(ctx, { mode: "live" }), { status: "failed", processedAt: null });
    for (let i = 0; i < 5; i++) await seedAttempt(failing, i < 3 ? "failed" : "dead");
    expect(await alertsOf(ctx, "processing_failure_rate")).toEqual([]);
    expect((await alertsOf(ctx, "processing_failure_rate", new Date(), "live"))[0]).toMatchObject({ severity: "critical", params: { failed: 5, attempts: 5, percent: 100 } });
    // An hour later the failures are out of the window.
    expect(await alertsOf(ctx, "processing_failure_rate", later(61), "live")).toEqual([]);
  });

  it("dead events: critical, linked to the event, gone once it is processed", async () => {
    const ctx = await createOwner("dead");
    const stripe = await seedConnection(ctx);
    const event = await seedEvent(stripe, { status: "dead", processedAt: null, lastError: "boom" });
    expect((await alertsOf(ctx, "dead_events"))[0]).toMatchObject({ severity: "critical", params: { count: 1 }, link: `/${ctx.organization.slug}/events/${event.id}` });
    await db.update(webhookEvents).set({ status: "processed", processedAt: new Date() }).where(eq(webhookEvents.id, event.id));
    expect(await alertsOf(ctx, "dead_events")).toEqual([]);
  });

  it("inbox backlog: due events waiting minutes is a warning, half an hour critical, gone once processed", async () => {
    const ctx = await createOwner("backlog");
    const stripe = await seedConnection(ctx);
    const event = await seedEvent(stripe, { status: "pending", processedAt: null, receivedAt: minutesAgo(10), nextAttemptAt: minutesAgo(10) });
    // A failed event waiting out its backoff is not late.
    await seedEvent(stripe, { status: "failed", processedAt: null, receivedAt: minutesAgo(60), nextAttemptAt: minutesAgo(-30) });
    expect((await alertsOf(ctx, "inbox_backlog"))[0]).toMatchObject({ severity: "warning", params: { count: 1, oldestMinutes: 10 } });
    expect((await alertsOf(ctx, "inbox_backlog", later(25)))[0]).toMatchObject({ severity: "critical" });
    await db.update(webhookEvents).set({ status: "processed", processedAt: new Date() }).where(eq(webhookEvents.id, event.id));
    expect(await alertsOf(ctx, "inbox_backlog", later(25))).toEqual([]);
  });

  it("stuck checkouts: an old open checkout, gone once confirmed", async () => {
    const ctx = await createOwner("stuck");
    const stripe = await seedConnection(ctx);
    const plan = await seedPlan(ctx);
    await seedCheckout(stripe, plan, { createdAt: minutesAgo(2) });
    // Webhooks arrive, so only the stuck checkout is at fault.
    await seedEvent(stripe);
    expect(await alertsOf(ctx, "stuck_checkouts")).toEqual([]);
    const old = await seedCheckout(stripe, plan, { createdAt: minutesAgo(thresholds.stuckCheckouts.minutes + 5) });
    expect((await alertsOf(ctx, "stuck_checkouts"))[0]).toMatchObject({ severity: "warning", params: { count: 1 }, link: `/${ctx.organization.slug}/checkouts` });
    await db.update(checkouts).set({ status: "completed", confirmedAt: new Date() }).where(eq(checkouts.id, old.id));
    expect(await alertsOf(ctx, "stuck_checkouts")).toEqual([]);
  });

  it("silent webhooks: checkouts created and no event since, gone when one arrives", async () => {
    const ctx = await createOwner("silent");
    const conekta = await seedConnection(ctx, { provider: "conekta" });
    const plan = await seedPlan(ctx, { currency: "mxn" });
    await seedCheckout(conekta, plan, { createdAt: minutesAgo(20), status: "completed", confirmedAt: minutesAgo(19) });
    expect((await alertsOf(ctx, "silent_webhooks"))[0]).toMatchObject({ severity: "critical", provider: "conekta", params: { checkouts: 1, sinceMinutes: 20 } });
    // Neither another provider's event nor one received before the checkout says Conekta's webhooks arrive.
    await seedEvent(await seedConnection(ctx), { type: "customer.created" });
    await seedEvent(conekta, { type: "order.paid", receivedAt: minutesAgo(30) });
    expect(await alertsOf(ctx, "silent_webhooks")).toHaveLength(1);
    await seedEvent(conekta, { type: "order.paid" });
    expect(await alertsOf(ctx, "silent_webhooks")).toEqual([]);
  });

  it("connections: restricted is a warning (critical when it cannot charge), disconnected is critical", async () => {
    const ctx = await createOwner("restricted");
    const stripe = await seedConnection(ctx, {
      status: "restricted",
      details: { chargesEnabled: true, payoutsEnabled: false, detailsSubmitted: true, requirements: { currentlyDue: ["external_account"], pastDue: [], eventuallyDue: [], disabledReason: "requirements.past_due" } },
    });
    expect((await alertsOf(ctx, "connection_restricted"))[0]).toMatchObject({ severity: "warning", params: { reason: "requirements.past_due", chargesEnabled: true } });
    await db.update(providerConnections).set({ status: "disconnected" }).where(eq(providerConnections.id, stripe.id));
    expect(await alertsOf(ctx, "connection_restricted")).toEqual([]);
    expect((await alertsOf(ctx, "connection_disconnected"))[0]).toMatchObject({ severity: "critical", provider: "stripe", link: `/${ctx.organization.slug}/connections` });
    await db.update(providerConnections).set({ status: "enabled" }).where(eq(providerConnections.id, stripe.id));
    expect(await listAlerts({ ctx, mode: "test" })).toMatchObject({ alerts: [] });
  });

  it("endpoint failure ratio: most deliveries refused puts the endpoint at risk; healthy traffic clears it", async () => {
    const ctx = await createOwner("ratio");
    const conekta = await seedConnection(ctx, { provider: "conekta" });
    const endpoint = await seedEndpoint(conekta);
    for (let i = 0; i < 6; i++) await seedRejection(ctx, { provider: "conekta", endpointId: endpoint.id, reason: "unparseable" });
    await seedEvent(conekta, { endpointId: endpoint.id, deliveries: 4 });
    expect((await alertsOf(ctx, "endpoint_failure_ratio"))[0]).toMatchObject({ severity: "critical", provider: "conekta", params: { rejected: 6, deliveries: 10, percent: 60 } });
    await seedEvent(conekta, { endpointId: endpoint.id, deliveries: 30 });
    expect(await alertsOf(ctx, "endpoint_failure_ratio")).toEqual([]);
  });

  it("keeps to its organization and mode", async () => {
    const ctx = await createOwner("scoped");
    const other = await createOwner("noisy");
    const live = await seedConnection(ctx, { mode: "live", status: "disconnected" });
    await seedEvent(await seedConnection(other), { status: "dead", processedAt: null });
    await seedRejection(other);
    expect((await listAlerts({ ctx, mode: "test" })).alerts).toEqual([]);
    // The live mode's alert is about the live connection the organization has, nothing else.
    expect((await listAlerts({ ctx, mode: "live" })).alerts.map((a) => [a.rule, a.provider])).toEqual([["connection_disconnected", live.provider]]);
  });
});
