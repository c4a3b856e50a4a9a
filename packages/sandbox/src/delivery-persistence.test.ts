import { verify } from "node:crypto";
import { afterEach, describe, expect, test } from "vitest";
import { ConektaStore } from "./conekta/store";
import { createSandboxServer, type SandboxServer } from "./server";
import { SandboxStore } from "./store";
import { conektaFor, startReceiver, startTestSandbox, stripeFor, within, type Receiver, type TestSandbox } from "./test-support";

let t: TestSandbox | undefined;
let again: SandboxServer | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await again?.close();
  await t?.stop();
  await receiver?.close();
  again = undefined;
  t = undefined;
});

// What a new process would find queued in the provider's state on disk.
function queued(dataDir: string, provider: "stripe" | "conekta"): { eventId: string }[] {
  const store = provider === "stripe" ? new SandboxStore(dataDir) : new ConektaStore(dataDir);
  return [...store.deliveryQueue.values()];
}

describe("webhook delivery across restarts", () => {
  test("deliveries in flight at shutdown are persisted and sent after the next start, for both providers", async () => {
    t = await startTestSandbox();
    // The receiver leaves the first two requests unanswered, so the sandbox closes mid-delivery.
    receiver = await startReceiver([], { hold: 2 });
    const endpoint = await t.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["customer.created"] });
    await t.conekta.webhooks.createWebhook({ url: receiver.url, subscribed_events: ["plan.created"] });
    const key = (await t.conekta.webhookKeys.createWebhookKey()).data;
    const customer = await t.stripe.customers.create({ email: "restart@example.com" });
    await t.conekta.plans.createPlan({ name: "Restart", amount: 10_000, interval: "month", frequency: 1 });
    await receiver.waitFor((all) => all.length === 2);
    const firstIds = receiver.received.map((r) => r.event.id).sort();

    await t.sandbox.close();
    expect(queued(t.dataDir, "stripe").map((j) => j.eventId)).toHaveLength(1);
    expect(queued(t.dataDir, "conekta").map((j) => j.eventId)).toHaveLength(1);
    again = await createSandboxServer({ dataDir: t.dataDir, port: 0, tickIntervalMs: 0, delivery: { retryBaseMs: 20 } });
    await receiver.waitFor((all) => all.length === 4);
    await within(again.delivery.idle(), 5_000, "delivery after restart");

    const resent = receiver.received.slice(2);
    expect(resent.map((r) => r.event.id).sort()).toEqual(firstIds);
    const stripeHit = resent.find((r) => r.event.type === "customer.created");
    const event = stripeFor(again).webhooks.constructEvent(stripeHit?.body ?? "", String(stripeHit?.headers["stripe-signature"]), endpoint.secret ?? "");
    expect((event.data.object as { id: string }).id).toBe(customer.id);
    const conektaHit = resent.find((r) => r.event.type === "plan.created");
    expect(verify("sha256", Buffer.from(conektaHit?.body ?? ""), key.public_key ?? "", Buffer.from(String(conektaHit?.headers.digest), "base64"))).toBe(true);
    // Interrupted requests are not attempts; the resumed ones are the first.
    expect(again.delivery.attempts().map((a) => [a.provider, a.attempt, a.ok]).sort()).toEqual([["conekta", 1, true], ["stripe", 1, true]]);
    expect((await stripeFor(again).events.retrieve(event.id)).pending_webhooks).toBe(0);
    const [stored] = (await conektaFor(again, t.conektaAccount.private_key).events.getEvents()).data.data ?? [];
    expect(stored).toMatchObject({ type: "plan.created", webhook_status: "successful" });
  });

  test("a retry scheduled before a restart keeps its attempt number and backoff", async () => {
    t = await startTestSandbox({ delivery: { retryBaseMs: 1_000 } });
    receiver = await startReceiver([500]);
    await t.conekta.webhooks.createWebhook({ url: receiver.url, subscribed_events: ["plan.created"] });
    await t.conekta.plans.createPlan({ name: "Retry", amount: 10_000, interval: "month", frequency: 1 });
    const sandbox = t.sandbox;
    await within(
      (async () => {
        while (sandbox.delivery.attempts().length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      })(),
      5_000,
      "first attempt",
    );
    const [failed] = sandbox.delivery.attempts();
    await sandbox.close();
    expect(receiver.received).toHaveLength(1);
    again = await createSandboxServer({ dataDir: t.dataDir, port: 0, tickIntervalMs: 0, delivery: { retryBaseMs: 1_000 } });
    await receiver.waitFor((all) => all.length === 2);
    await within(again.delivery.idle(), 5_000, "delivery after restart");
    const attempts = again.delivery.attempts();
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([[1, 500], [2, 200]]);
    expect((attempts[1]?.at ?? 0) - (failed?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
  });
});
