import { generateKeyPairSync, verify } from "node:crypto";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { conektaError, startReceiver, startTestSandbox, within, type Receiver, type TestSandbox } from "../test-support";

let t: TestSandbox;
const receivers: Receiver[] = [];
beforeEach(async () => {
  t = await startTestSandbox();
});
afterEach(async () => {
  await t.stop();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(statuses: number[] = []) {
  const r = await startReceiver(statuses);
  receivers.push(r);
  return r;
}

const idle = () => within(t.sandbox.delivery.idle(), 5_000, "delivery idle");
const createPlan = (name = "Gold") => t.conekta.plans.createPlan({ name, amount: 10_000, interval: "month", frequency: 1 });

function verifies(body: string, digest: string, publicKeyPem: string): boolean {
  return verify("sha256", Buffer.from(body, "utf8"), publicKeyPem, Buffer.from(digest, "base64"));
}

describe("Conekta webhooks", () => {
  test("CRUD: defaults to every event type, filters by url, at most 10 per account (422)", async () => {
    const created = (await t.conekta.webhooks.createWebhook({ url: "https://merchant.test/hooks/1" })).data;
    const id = created.id ?? "";
    expect(created).toMatchObject({ object: "webhook", url: "https://merchant.test/hooks/1", active: true, status: "listening", livemode: false });
    expect(created.id).toMatch(/^[0-9a-f]{24}$/);
    expect(created.subscribed_events).toEqual(expect.arrayContaining(["subscription.paid", "order.paid", "webhook_ping"]));
    const updated = (await t.conekta.webhooks.updateWebhook(id, { url: "https://merchant.test/hooks/one", subscribed_events: ["order.paid"], active: false })).data;
    expect(updated).toMatchObject({ url: "https://merchant.test/hooks/one", subscribed_events: ["order.paid"], active: false, status: "inactive" });
    expect((await t.conekta.webhooks.getWebhook(id)).data.url).toBe("https://merchant.test/hooks/one");
    for (let i = 2; i <= 10; i += 1) await t.conekta.webhooks.createWebhook({ url: `https://merchant.test/hooks/${i}` });
    const eleventh = await conektaError(t.conekta.webhooks.createWebhook({ url: "https://merchant.test/hooks/11" }));
    expect(eleventh).toMatchObject({ status: 422, body: { type: "parameter_validation_error", details: [{ code: "conekta.errors.parameter_validation.webhook.limit_exceeded" }] } });
    const byUrl = (await t.conekta.webhooks.getWebhooks(undefined, undefined, 20, undefined, "https://merchant.test/hooks/7")).data.data;
    expect(byUrl).toHaveLength(1);
    expect((await t.conekta.webhooks.deleteWebhook(id)).data.id).toBe(created.id);
    expect((await t.conekta.webhooks.createWebhook({ url: "https://merchant.test/hooks/11" })).data.active).toBe(true);
    expect((await conektaError(t.conekta.webhooks.getWebhook(id))).status).toBe(404);
    const badEvent = await conektaError(t.conekta.webhooks.createWebhook({ url: "https://x.test", subscribed_events: ["nope.happened"] }));
    expect(badEvent.status).toBe(422);
  });

  test("the 11th webhook gets Conekta's error object, 422, and nothing is created; unknown parameters are ignored as Conekta does", async () => {
    // The seed guide's own request sends `status`, which webhook_request does not define; Conekta answers 200.
    const first = (await t.conekta.webhooks.createWebhook({ url: "https://merchant.test/hooks/1", status: "listening" } as never)).data;
    expect(first.status).toBe("listening");
    for (let i = 2; i <= 10; i += 1) await t.conekta.webhooks.createWebhook({ url: `https://merchant.test/hooks/${i}` });
    const eleventh = await conektaError(t.conekta.webhooks.createWebhook({ url: "https://merchant.test/hooks/11" }));
    expect(eleventh.status).toBe(422);
    expect(eleventh.body).toEqual({
      object: "error",
      type: "parameter_validation_error",
      log_id: expect.stringMatching(/^[0-9a-f]{24}$/),
      details: [
        {
          message: "You can have at most 10 webhooks; delete one to add another.",
          debug_message: "The account already has 10 webhooks, the most Conekta allows per environment.",
          param: null,
          code: "conekta.errors.parameter_validation.webhook.limit_exceeded",
        },
      ],
    });
    expect((await t.conekta.webhooks.getWebhooks()).data.data).toHaveLength(10);
  });

  test("an unknown route is Conekta's 404 error object", async () => {
    const res = await fetch(`${t.sandbox.conektaUrl}/charges_everywhere`, { headers: { authorization: `Bearer ${t.conektaAccount.private_key}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      object: "error",
      type: "resource_not_found_error",
      log_id: expect.stringMatching(/^[0-9a-f]{24}$/),
      details: [{ message: "The resource was not found.", debug_message: "No route for GET /charges_everywhere.", param: null, code: "conekta.errors.resource_not_found.url" }],
    });
  });

  test("digest is the RSA-SHA256 signature of the body: verifies with the key's PEM, not with another key", async () => {
    const r = await receiver();
    await t.conekta.webhooks.createWebhook({ url: r.url, subscribed_events: ["plan.created"] });
    await createPlan("Unsigned");
    await r.waitFor((all) => all.length === 1);
    // Before the account has a webhook key, Conekta has nothing to sign with.
    expect(r.received[0]?.headers.digest).toBeUndefined();

    const key = (await t.conekta.webhookKeys.createWebhookKey()).data;
    expect(key).toMatchObject({ object: "webhook_key", active: true, livemode: false });
    expect(key.public_key).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    await createPlan("Signed");
    await r.waitFor((all) => all.length === 2);
    const hit = r.received[1];
    const digest = String(hit?.headers.digest);
    expect(verifies(hit?.body ?? "", digest, key.public_key ?? "")).toBe(true);
    expect(JSON.parse(hit?.body ?? "{}")).toMatchObject({ type: "plan.created", object: "event", data: { object: { name: "Signed" } } });
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(verifies(hit?.body ?? "", digest, other)).toBe(false);
    expect(verifies(`${hit?.body ?? ""} `, digest, key.public_key ?? "")).toBe(false);

    // Deactivated keys stop signing; the account's newest active key signs.
    const deactivated = (await t.conekta.webhookKeys.updateWebhookKey(key.id ?? "", undefined, { active: false })).data;
    expect(deactivated).toMatchObject({ active: false, deactivated_at: t.sandbox.clock.now() });
    const next = (await t.conekta.webhookKeys.createWebhookKey()).data;
    await createPlan("Rotated");
    await r.waitFor((all) => all.length === 3);
    const rotated = r.received[2];
    expect(verifies(rotated?.body ?? "", String(rotated?.headers.digest), next.public_key ?? "")).toBe(true);
    expect(verifies(rotated?.body ?? "", String(rotated?.headers.digest), key.public_key ?? "")).toBe(false);

    expect((await t.conekta.webhookKeys.getWebhookKeys()).data.data?.map((k) => k.active)).toEqual([true, false]);
    expect((await t.conekta.webhookKeys.getWebhookKey(key.id ?? "")).data.deactivated_at).toBe(deactivated.deactivated_at);
    const removed = (await t.conekta.webhookKeys.deleteWebhookKey(key.id ?? "")).data;
    expect(removed).toMatchObject({ id: key.id, deleted: true });
    expect((await conektaError(t.conekta.webhookKeys.getWebhookKey(key.id ?? ""))).status).toBe(404);
  });

  test("POST /webhooks/:id/test pings that webhook only; the event records its webhook log", async () => {
    const a = await receiver();
    const b = await receiver();
    const hookA = (await t.conekta.webhooks.createWebhook({ url: a.url })).data;
    await t.conekta.webhooks.createWebhook({ url: b.url });
    await t.conekta.webhooks.testWebhook(hookA.id ?? "");
    await a.waitFor((all) => all.length === 1);
    await idle();
    expect(b.received).toHaveLength(0);
    const ping = a.received[0]?.event as unknown as Record<string, unknown>;
    expect(ping).toMatchObject({ type: "webhook_ping", object: "event", livemode: false, data: { action: "ping", livemode: false } });
    expect(ping.id).toMatch(/^[0-9a-f]{24}$/);
    // What the webhook got was the event as it stood before this delivery.
    expect(ping).toMatchObject({ webhook_status: "pending", webhook_logs: [{ url: a.url, failed_attempts: 0, last_http_response_status: -1, last_attempted_at: 0 }] });
    const stored = (await t.conekta.events.getEvent(String(ping.id))).data;
    expect(stored).toMatchObject({ webhook_status: "successful", webhook_logs: [{ object: "webhook_log", url: a.url, failed_attempts: 0, last_http_response_status: 200 }] });
    expect(stored.webhook_logs?.[0]?.id).toMatch(/^webhl_\w{17}$/);
  });

  test("non-2xx answers are retried and logged; resend delivers an event again; subscribed_events filter", async () => {
    const r = await receiver([500, 503]);
    const hook = (await t.conekta.webhooks.createWebhook({ url: r.url, subscribed_events: ["plan.created"] })).data;
    const plan = (await createPlan()).data;
    await r.waitFor((all) => all.length === 3);
    await idle();
    const [event] = (await t.conekta.events.getEvents()).data.data ?? [];
    expect(event).toMatchObject({ type: "plan.created", data: { object: { id: plan.id } } });
    expect(event?.webhook_status).toBe("successful");
    expect(event?.webhook_logs?.[0]).toMatchObject({ failed_attempts: 2, last_http_response_status: 200 });
    const attempts = t.sandbox.delivery.attempts().filter((a) => a.endpointId === hook.id);
    expect(attempts.map((a) => [a.provider, a.attempt, a.status])).toEqual([["conekta", 1, 500], ["conekta", 2, 503], ["conekta", 3, 200]]);

    await t.conekta.plans.updatePlan(plan.id ?? "", { name: "Renamed" });
    await idle();
    expect(r.received).toHaveLength(3);
    const resent = (await t.conekta.events.resendEvent(event?.id ?? "", { webhooks_ids: [hook.id ?? ""] })).data;
    expect(resent).toMatchObject({ url: r.url, failed_attempts: 2 });
    await r.waitFor((all) => all.length === 4);
    expect(r.received[3]?.event.id).toBe(event?.id);
    expect((await conektaError(t.conekta.events.resendEvent(event?.id ?? "", { webhooks_ids: ["ffffffffffffffffffffffff"] }))).status).toBe(404);
  });

  test("deliveries that keep failing give up after maxAttempts and leave webhook_status failed", async () => {
    const r = await receiver([500, 500, 500, 500]);
    t.sandbox.delivery.configure({ maxAttempts: 2 });
    await t.conekta.webhooks.createWebhook({ url: r.url, subscribed_events: ["plan.created"] });
    await createPlan();
    await idle();
    expect(r.received).toHaveLength(2);
    const [event] = (await t.conekta.events.getEvents()).data.data ?? [];
    expect(event).toMatchObject({ webhook_status: "failed", webhook_logs: [{ failed_attempts: 2, last_http_response_status: 500 }] });
  });
});
