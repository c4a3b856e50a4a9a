import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { db } from "@/db";
import { webhookEvents } from "@/db/schema";
import { stripeClient } from "@/lib/providers/clients";
import { addEndpoint, eventId, stripeEventBody, stripeSetup, stripeSignature } from "../testing/fixtures";
import { createPrice, subscribeInSandbox } from "../testing/sandbox-billing";
import { drainEvents } from "../worker/run-worker";
import { MAX_BODY_BYTES } from "./read-body";
import { serveIngest } from "./serve-ingest";

let server: Awaited<ReturnType<typeof serveIngest>>;
beforeAll(async () => {
  server = await serveIngest(db, { port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await server.close();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

test("the sandbox's real signed deliveries reach the lean server, are stored and processed", { timeout: 60_000 }, async () => {
  const setup = await stripeSetup("lean");
  // An endpoint on the connected account itself, so only this account's events come here.
  const registered = await stripeClient("test").webhookEndpoints.create(
    { url: `${server.url}/api/webhooks/stripe`, enabled_events: ["*"] },
    { stripeAccount: setup.account.id },
  );
  await addEndpoint({ provider: "stripe", organizationId: null, connectionId: null, secret: registered.secret! });
  const price = await createPrice(setup.account.id);
  const { subscriptionId } = await subscribeInSandbox(setup.account.id, price.id);
  const org = setup.owner.organization.id;
  await expect.poll(async () => (await db.select().from(webhookEvents).where(eq(webhookEvents.organizationId, org))).map((e) => e.type), { timeout: 20_000 }).toContain("checkout.session.completed");
  await drainEvents({ db, concurrency: 4, organizationId: org });
  const events = await db.select().from(webhookEvents).where(eq(webhookEvents.organizationId, org));
  expect(events.every((e) => e.status === "processed" || e.status === "ignored")).toBe(true);
  expect(events.find((e) => e.type === "customer.subscription.created")?.objectRefs.subscription).toBe(subscriptionId);
});

test("the lean server gives the route's answers: 200 and duplicate, 400 problem, 413, 404, health", async () => {
  const setup = await stripeSetup("lean-answers");
  const body = stripeEventBody({ id: eventId(), type: "invoice.paid", account: setup.account.id, created: Math.floor(Date.now() / 1000), object: { id: "in_lean" } });
  const signature = stripeSignature(body, [setup.secret]);
  const first = await post("/api/webhooks/stripe", body, { "stripe-signature": signature });
  expect(first.status).toBe(200);
  const received = await first.json();
  expect(received).toMatchObject({ received: true, duplicate: false });
  const again = await post("/api/webhooks/stripe", body, { "stripe-signature": signature });
  expect([again.status, await again.json()]).toEqual([200, { ...received, duplicate: true }]);
  const bad = await post("/api/webhooks/stripe", body, { "stripe-signature": stripeSignature(body, ["whsec_other"]) });
  expect(bad.status).toBe(400);
  expect(bad.headers.get("content-type")).toBe("application/problem+json");
  expect(await bad.json()).toMatchObject({ reason: "bad_signature", instance: "/api/webhooks/stripe" });
  expect((await post("/api/webhooks/stripe", "x".repeat(MAX_BODY_BYTES + 10))).status).toBe(413);
  expect((await post("/api/webhooks/conekta/not-a-connection", "{}", { digest: "x" })).status).toBe(404);
  expect((await post("/api/elsewhere", "{}")).status).toBe(404);
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  expect((await fetch(`${server.url}/healthz?from=balancer`)).status).toBe(200);
});
