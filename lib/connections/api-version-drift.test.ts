import { eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { db } from "@/db";
import { webhookEvents } from "@/db/schema";
import { listAlerts } from "@/lib/observability/alerts/list-alerts";
import { STRIPE_API_VERSION } from "@/lib/providers/stripe/api-version";
import { deliverStripe, eventId, stripeSetup } from "@/lib/webhooks/testing/fixtures";
import { endpointApiVersions } from "./api-version-drift";

const body = (account: string, apiVersion: string | null, created: number) => {
  const id = eventId();
  return { id, text: JSON.stringify({ id, object: "event", api_version: apiVersion, account, created, livemode: false, type: "customer.created", data: { object: { id: "cus_v", object: "customer" } } }) };
};

test("each event keeps the API version it was rendered at; an endpoint whose newest events are at another version than Beacon's drifts and raises a warning", async () => {
  const setup = await stripeSetup("api-version");
  const org = setup.owner.organization.id;
  const now = Math.floor(Date.now() / 1000);
  const old = body(setup.account.id, "2024-06-20", now - 60);
  expect((await deliverStripe(old.text, setup.secret)).status).toBe(200);
  const [stored] = await db.select().from(webhookEvents).where(eq(webhookEvents.providerEventId, old.id));
  expect(stored!.apiVersion).toBe("2024-06-20");

  const drifted = (await endpointApiVersions(db, org, "test")).get(setup.endpoint.id);
  expect(drifted).toMatchObject({ provider: "stripe", expected: STRIPE_API_VERSION, current: "2024-06-20", drift: true, versions: [{ version: "2024-06-20", events: 1 }] });
  const alerts = (await listAlerts({ ctx: setup.owner, mode: "test" })).alerts.filter((a) => a.rule === "api_version_drift");
  expect(alerts).toEqual([
    expect.objectContaining({ id: `api_version_drift:${setup.endpoint.id}`, severity: "warning", provider: "stripe", params: { endpointId: setup.endpoint.id, version: "2024-06-20", expected: STRIPE_API_VERSION } }),
  ]);

  // The upgrade's overlap: the new endpoint's events arrive at Beacon's version; both are listed, the newest decides.
  const current = body(setup.account.id, STRIPE_API_VERSION, now);
  expect((await deliverStripe(current.text, setup.secret)).status).toBe(200);
  const upgraded = (await endpointApiVersions(db, org, "test")).get(setup.endpoint.id);
  expect(upgraded).toMatchObject({ current: STRIPE_API_VERSION, drift: false });
  expect(upgraded!.versions.map((v) => v.version)).toEqual([STRIPE_API_VERSION, "2024-06-20"]);
  expect((await listAlerts({ ctx: setup.owner, mode: "test" })).alerts.filter((a) => a.rule === "api_version_drift")).toEqual([]);
});

test("an event that names no version is stored without one and never drifts", async () => {
  const setup = await stripeSetup("api-version-none");
  const none = body(setup.account.id, null, Math.floor(Date.now() / 1000));
  expect((await deliverStripe(none.text, setup.secret)).status).toBe(200);
  const [stored] = await db.select().from(webhookEvents).where(eq(webhookEvents.providerEventId, none.id));
  expect(stored!.apiVersion).toBeNull();
  expect((await endpointApiVersions(db, setup.owner.organization.id, "test")).size).toBe(0);
});
