import Stripe from "stripe";
import { afterEach, describe, expect, test } from "vitest";
import { startReceiver, startTestSandbox, within, type TestSandbox } from "./test-support";

let t: TestSandbox | undefined;
const receivers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await t?.stop();
  t = undefined;
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function setup(statuses: number[] = [], enabled: string[] = ["*"], connect = false) {
  t ??= await startTestSandbox();
  const receiver = await startReceiver(statuses);
  receivers.push(receiver);
  const endpoint = await t.stripe.webhookEndpoints.create({
    url: receiver.url,
    enabled_events: enabled as Stripe.WebhookEndpointCreateParams.EnabledEvent[],
    connect,
  });
  return { receiver, endpoint, stripe: t.stripe, sandbox: t.sandbox };
}

describe("webhook delivery", () => {
  test("signs every delivery so stripe.webhooks.constructEvent verifies it", async () => {
    const { receiver, endpoint, stripe, sandbox } = await setup();
    expect(endpoint.secret).toMatch(/^whsec_/);
    const listed = await stripe.webhookEndpoints.retrieve(endpoint.id);
    expect(listed.secret).toBeUndefined();
    const customer = await stripe.customers.create({ email: "hook@example.com" });
    await receiver.waitFor((all) => all.length === 1);
    const [hit] = receiver.received;
    const header = String(hit?.headers["stripe-signature"]);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const event = stripe.webhooks.constructEvent(hit?.body ?? "", header, endpoint.secret ?? "");
    expect(event.type).toBe("customer.created");
    expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
    expect(event.account).toBeUndefined();
    expect(() => stripe.webhooks.constructEvent(hit?.body ?? "", header, "whsec_wrong")).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => stripe.webhooks.constructEvent(`${hit?.body ?? ""} `, header, endpoint.secret ?? "")).toThrow();
    await within(sandbox.delivery.idle(), 5_000, "delivery idle");
    const stored = await stripe.events.retrieve(event.id);
    expect(stored.pending_webhooks).toBe(0);
    expect(stored.request).toMatchObject({ id: expect.stringMatching(/^req_/) });
  });

  test("retries non-2xx with backoff and records every attempt", async () => {
    const { receiver, endpoint, stripe, sandbox } = await setup([500, 503]);
    await stripe.customers.create({ email: "retry@example.com" });
    await receiver.waitFor((all) => all.length === 3);
    await within(sandbox.delivery.idle(), 5_000, "delivery idle");
    const attempts = sandbox.delivery.attempts().filter((a) => a.endpointId === endpoint.id);
    expect(attempts.map((a) => [a.attempt, a.status, a.ok])).toEqual([
      [1, 500, false],
      [2, 503, false],
      [3, 200, true],
    ]);
    const ids = new Set(receiver.received.map((r) => r.event.id));
    expect(ids.size).toBe(1);
    expect((attempts[2]?.at ?? 0) - (attempts[1]?.at ?? 0)).toBeGreaterThanOrEqual(40);
  });

  test("gives up after maxAttempts and leaves the event pending", async () => {
    const { receiver, stripe, sandbox } = await setup([500, 500, 500, 500, 500]);
    sandbox.delivery.configure({ maxAttempts: 2 });
    await stripe.customers.create({ email: "giveup@example.com" });
    await within(sandbox.delivery.idle(), 5_000, "delivery idle");
    expect(receiver.received).toHaveLength(2);
    const pending = await stripe.events.list({ delivery_success: false });
    expect(pending.data.map((e) => e.type)).toEqual(["customer.created"]);
  });

  test("only sends enabled event types; deleted endpoints stop receiving", async () => {
    const { receiver, endpoint, stripe, sandbox } = await setup([], ["product.created", "customer.updated"]);
    const customer = await stripe.customers.create({ email: "x@example.com" });
    await stripe.customers.update(customer.id, { name: "Renamed" });
    await within(sandbox.delivery.idle(), 5_000, "delivery idle");
    expect(receiver.received.map((r) => r.event.type)).toEqual(["customer.updated"]);
    const updated = receiver.received[0]?.event as unknown as Stripe.Event;
    expect(updated.data.previous_attributes).toEqual({ name: null });
    await stripe.webhookEndpoints.del(endpoint.id);
    await stripe.customers.update(customer.id, { name: "Again" });
    await within(sandbox.delivery.idle(), 5_000, "delivery idle");
    expect(receiver.received).toHaveLength(1);
  });

  test("duplicate and reorder options for consumers' tests", async () => {
    const { receiver, stripe, sandbox } = await setup([], ["customer.created", "customer.tax_id.created"]);
    sandbox.delivery.configure({ duplicate: true, reorder: true });
    await stripe.customers.create({ email: "dup@example.com", tax_id_data: [{ type: "eu_vat", value: "DE123456789" }] });
    await receiver.waitFor((all) => all.length === 4);
    const types = receiver.received.map((r) => r.event.type);
    expect(types).toEqual(["customer.tax_id.created", "customer.tax_id.created", "customer.created", "customer.created"]);
    expect(receiver.received[0]?.event.id).toBe(receiver.received[1]?.event.id);
  });

  test("delay option holds delivery back without blocking the API", async () => {
    const { receiver, stripe, sandbox } = await setup([], ["customer.created"]);
    sandbox.delivery.configure({ delayMs: 300 });
    const started = Date.now();
    await stripe.customers.create({ email: "late@example.com" });
    await receiver.waitFor((all) => all.length === 1);
    // The job is queued no earlier than `started`, so this bound holds however slow the machine is.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  test("connected-account events go to Connect endpoints only, with event.account", async () => {
    const platform = await setup([], ["customer.created"]);
    const connect = await setup([], ["customer.created"], true);
    const account = await platform.stripe.accounts.create({ type: "standard" });
    await platform.stripe.customers.create({ email: "plat@example.com" });
    await platform.stripe.customers.create({ email: "conn@example.com" }, { stripeAccount: account.id });
    await within(platform.sandbox.delivery.idle(), 5_000, "delivery idle");
    expect(platform.receiver.received.map((r) => r.event.account)).toEqual([undefined]);
    expect(connect.receiver.received.map((r) => r.event.account)).toEqual([account.id]);
    const event = platform.stripe.webhooks.constructEvent(
      connect.receiver.received[0]?.body ?? "",
      String(connect.receiver.received[0]?.headers["stripe-signature"]),
      connect.endpoint.secret ?? "",
    );
    expect(event.account).toBe(account.id);
    const scoped = await platform.stripe.events.list({}, { stripeAccount: account.id });
    expect(scoped.data.map((e) => e.type)).toEqual(["customer.created"]);
  });
});
