import Stripe from "stripe";
import { afterEach, describe, expect, test } from "vitest";
import { createSandboxServer } from "./server";
import { TEST_KEY, startTestSandbox, stripeFor, type TestSandbox } from "./test-support";

let t: TestSandbox | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe("HTTP core", () => {
  test("rejects missing and non-test keys with 401 in Stripe's error shape", async () => {
    t = await startTestSandbox();
    const bare = await fetch(`${t.sandbox.url}/v1/customers`);
    expect(bare.status).toBe(401);
    const body = (await bare.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/did not provide an API key/);
    await expect(stripeFor(t.sandbox, "sk_live_nope").customers.list()).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );
  });

  test("404s unknown objects with resource_missing and unknown URLs", async () => {
    t = await startTestSandbox();
    const err = await t.stripe.customers.retrieve("cus_missing").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 404, code: "resource_missing", param: "customer" });
    const res = await fetch(`${t.sandbox.url}/v1/nope`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    expect(res.status).toBe(404);
  });

  test("validates params: unknown and missing parameters", async () => {
    t = await startTestSandbox();
    await expect(t.stripe.products.create({ name: "x", bogus: 1 } as never)).rejects.toMatchObject({
      statusCode: 400,
      code: "parameter_unknown",
      param: "bogus",
    });
    await expect(t.stripe.products.create({} as never)).rejects.toMatchObject({ code: "parameter_missing", param: "name" });
  });

  test("idempotency: same key and params replays; other params is an idempotency_error", async () => {
    t = await startTestSandbox();
    const first = await t.stripe.customers.create({ email: "a@example.com" }, { idempotencyKey: "key-1" });
    const again = await t.stripe.customers.create({ email: "a@example.com" }, { idempotencyKey: "key-1" });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    await expect(
      t.stripe.customers.create({ email: "b@example.com" }, { idempotencyKey: "key-1" }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    const list = await t.stripe.customers.list();
    expect(list.data).toHaveLength(1);
    // Without a caller key, every SDK POST gets its own key: two distinct customers.
    await t.stripe.customers.create({ email: "a@example.com" });
    expect((await t.stripe.customers.list()).data).toHaveLength(2);
  });

  test("ids, created from the sandbox clock, and list pagination", async () => {
    t = await startTestSandbox();
    const before = t.sandbox.clock.now();
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await t.stripe.products.create({ name: `P${i}` })).id);
    expect(ids.every((id) => /^prod_[0-9A-Za-z]{14}$/.test(id))).toBe(true);
    const page1 = await t.stripe.products.list({ limit: 2 });
    expect(page1).toMatchObject({ object: "list", has_more: true, url: "/v1/products" });
    expect(page1.data.map((p) => p.id)).toEqual([ids[4], ids[3]]);
    const page2 = await t.stripe.products.list({ limit: 2, starting_after: ids[3] });
    expect(page2.data.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    const page3 = await t.stripe.products.list({ limit: 2, starting_after: ids[1] });
    expect(page3.data.map((p) => p.id)).toEqual([ids[0]]);
    expect(page3.has_more).toBe(false);
    const all: string[] = [];
    for await (const product of t.stripe.products.list({ limit: 2 })) all.push(product.id);
    expect(all).toHaveLength(5);
    t.sandbox.clock.advance(3600);
    const later = await t.stripe.products.create({ name: "later" });
    expect(later.created).toBeGreaterThanOrEqual(before + 3600);
  });

  test("Stripe-Account scopes objects to the connected account", async () => {
    t = await startTestSandbox();
    const account = await t.stripe.accounts.create({ type: "standard" });
    const own = await t.stripe.customers.create({ email: "conn@example.com" }, { stripeAccount: account.id });
    await expect(t.stripe.customers.retrieve(own.id)).rejects.toMatchObject({ statusCode: 404 });
    const seen = await t.stripe.customers.retrieve(own.id, {}, { stripeAccount: account.id });
    expect(seen.id).toBe(own.id);
    expect((await t.stripe.customers.list()).data).toHaveLength(0);
    await expect(t.stripe.customers.list({}, { stripeAccount: "acct_unknown" })).rejects.toMatchObject({ statusCode: 403 });
  });

  test("state survives a restart from the same data dir", async () => {
    t = await startTestSandbox();
    const product = await t.stripe.products.create({ name: "Durable" });
    t.sandbox.clock.advance(86_400);
    const clockBefore = t.sandbox.clock.now();
    await t.sandbox.close();
    const again = await createSandboxServer({ dataDir: t.dataDir, port: 0, tickIntervalMs: 0 });
    try {
      const stripe = stripeFor(again);
      expect((await stripe.products.retrieve(product.id)).name).toBe("Durable");
      expect(again.clock.now()).toBeGreaterThanOrEqual(clockBefore);
    } finally {
      await again.close();
    }
  });
});
