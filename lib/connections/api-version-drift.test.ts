import { eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { db } from "@/db";
import { webhookEvents } from "@/db/schema";
import { listAlerts } from "@/lib/observability/alerts/list-alerts";
import { minutesAgo, seedConnection, seedEndpoint, seedEvent } from "@/lib/observability/test-support";
import { STRIPE_API_VERSION } from "@/lib/providers/stripe/api-version";
import { createOwner } from "@/lib/testing/factories";
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

test("the drift alert judges each endpoint by its newest versioned event of the week, as the Connections list does", async () => {
  const owner = await createOwner("api-version-probe");
  const stripe = await seedConnection(owner);
  const [a, b, c, d, e] = [await seedEndpoint(null), await seedEndpoint(null), await seedEndpoint(null), await seedEndpoint(null), await seedEndpoint(null)];
  const at = (endpoint: { id: string }, apiVersion: string | null, minutes: number, values: Parameters<typeof seedEvent>[1] = {}) =>
    seedEvent(stripe, { endpointId: endpoint.id, apiVersion, receivedAt: minutesAgo(minutes), ...values });
  const day = 24 * 60;
  await at(a, STRIPE_API_VERSION, 8 * day); // before the window
  await at(a, STRIPE_API_VERSION, 3 * day);
  await at(a, "2024-06-20", 2 * day); // newest: drifted
  await at(b, "2024-06-20", day);
  await at(b, STRIPE_API_VERSION, 60); // newest: upgraded
  await at(b, "2024-06-20", 30, { mode: "live" }); // another mode
  await at(c, "2024-06-20", 8 * day); // only before the window
  await at(d, null, 5); // names no version
  await at(e, "2024-06-20", 10); // the most recently seen drift comes first
  await seedEvent(await seedConnection(await createOwner("api-version-other")), { endpointId: b.id, apiVersion: "2024-06-20" });

  const org = owner.organization.id;
  const listed = [...(await endpointApiVersions(db, org, "test"))].filter(([, v]) => v.drift).map(([id, v]) => ({ endpointId: id, provider: v.provider, current: v.current }));
  expect(listed).toEqual([
    { endpointId: e.id, provider: "stripe", current: "2024-06-20" },
    { endpointId: a.id, provider: "stripe", current: "2024-06-20" },
  ]);
  // The alert reads each endpoint's newest versioned event alone; it judges the same endpoints, in the same order.
  const drift = async (now?: Date) => (await listAlerts({ ctx: owner, mode: "test", now })).alerts.filter((x) => x.rule === "api_version_drift");
  expect((await drift()).map((x) => [x.provider, x.params])).toEqual(listed.map((l) => [l.provider, { endpointId: l.endpointId, version: l.current, expected: STRIPE_API_VERSION }]));
  // A week later only what arrived since counts: nothing.
  const later = new Date(Date.now() + 7 * day * 60_000);
  expect(await drift(later)).toEqual([]);
  expect([...(await endpointApiVersions(db, org, "test", later))]).toEqual([]);
});
