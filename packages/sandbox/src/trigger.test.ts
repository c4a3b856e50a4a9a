import { verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TEST_KEY, startReceiver, startTestSandbox, within, type Receiver, type TestSandbox } from "./test-support";
import { TRIGGER_EVENTS, trigger } from "./trigger";

let t: TestSandbox;
let receiver: Receiver;
let stripeSecret = "";
let connectSecret = "";
let conektaPublicKey = "";
beforeAll(async () => {
  t = await startTestSandbox();
  receiver = await startReceiver();
  stripeSecret = (await t.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["*"] })).secret ?? "";
  connectSecret = (await t.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["account.updated"], connect: true })).secret ?? "";
  await t.conekta.webhooks.createWebhook({ url: receiver.url });
  conektaPublicKey = (await t.conekta.webhookKeys.createWebhookKey()).data.public_key ?? "";
});
afterAll(async () => {
  await t.stop();
  await receiver.close();
});

function control(body: unknown) {
  return fetch(`${t.sandbox.url}/_sandbox/trigger`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function delivered(eventId: string) {
  await receiver.waitFor((all) => all.some((r) => r.event.id === eventId));
  return receiver.received.filter((r) => r.event.id === eventId);
}

describe("triggers", () => {
  test("the exported list covers the required events", () => {
    expect(TRIGGER_EVENTS.stripe).toEqual(
      expect.arrayContaining([
        "checkout.session.completed", "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
        "invoice.paid", "invoice.payment_failed", "payment_intent.succeeded", "account.updated",
      ]),
    );
    expect(TRIGGER_EVENTS.conekta).toEqual(
      expect.arrayContaining([
        "subscription.created", "subscription.paid", "subscription.payment_failed", "subscription.canceled", "subscription.paused", "order.paid", "webhook_ping",
      ]),
    );
  });

  test.each(TRIGGER_EVENTS.stripe)("stripe %s is stored and delivered signed", async (type) => {
    const result = trigger(t.sandbox.engine, "stripe", type);
    expect(result).toMatchObject({ provider: "stripe", event: type });
    expect(result.events.map((e) => e.type)).toContain(type);
    // account.updated happens in a new connected account and reaches the Connect endpoint.
    const connected = type === "account.updated";
    expect(result.account.startsWith("acct_")).toBe(true);
    const event = await t.stripe.events.retrieve(result.event_id, {}, connected ? { stripeAccount: result.account } : undefined);
    expect(event.type).toBe(type);
    const [hit] = await delivered(result.event_id);
    const secret = connected ? connectSecret : stripeSecret;
    expect(t.stripe.webhooks.constructEvent(hit?.body ?? "", String(hit?.headers["stripe-signature"]), secret).type).toBe(type);
  });

  test.each(TRIGGER_EVENTS.conekta)("conekta %s through POST /_sandbox/trigger is stored and delivered signed", async (type) => {
    const res = await control({ provider: "conekta", event: type, account: t.conektaAccount.id });
    expect(res.status).toBe(200);
    const result = (await res.json()) as { event_id: string; account: string; events: { type: string }[] };
    expect(result.account).toBe(t.conektaAccount.id);
    expect((await t.conekta.events.getEvent(result.event_id)).data.type).toBe(type);
    const [hit] = await delivered(result.event_id);
    expect(verify("sha256", Buffer.from(hit?.body ?? ""), conektaPublicKey, Buffer.from(String(hit?.headers.digest), "base64"))).toBe(true);
  });

  test("the flows use the normal paths: a failed payment leaves a past_due subscription", async () => {
    const result = trigger(t.sandbox.engine, "conekta", "subscription.payment_failed", { account: t.conektaAccount.id });
    const event = (await t.conekta.events.getEvent(result.event_id)).data;
    const sub = (event.data as { object: { id: string; customer_id: string } }).object;
    expect((await t.conekta.subscriptions.subscriptionsGet(sub.customer_id, sub.id)).data.status).toBe("past_due");
    const failed = trigger(t.sandbox.engine, "stripe", "invoice.payment_failed");
    expect(failed.events.map((e) => e.type)).toContain("customer.subscription.updated");
    await within(t.sandbox.delivery.idle(), 5_000, "delivery");
  });

  test("unknown events and providers are 400 listing what is supported; unknown accounts too", async () => {
    const unknown = await control({ provider: "stripe", event: "issuing_card.created" });
    expect(unknown.status).toBe(400);
    const body = (await unknown.json()) as { error: { message: string }; supported: string[] };
    expect(body.supported).toEqual([...TRIGGER_EVENTS.stripe]);
    expect(body.error.message).toContain("invoice.paid");
    const provider = await control({ provider: "paypal", event: "x" });
    expect(provider.status).toBe(400);
    expect(((await provider.json()) as { supported: string[] }).supported).toEqual(["stripe", "conekta"]);
    expect((await control({ provider: "conekta", event: "order.paid", account: "ffffffffffffffffffffffff" })).status).toBe(400);
    expect((await control({ provider: "stripe", event: "invoice.paid", account: "acct_missing" })).status).toBe(400);
  });
});
