import { Configuration, TokensApi } from "conekta";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { conektaError, startTestSandbox, within, type TestSandbox } from "../test-support";

// The seed guide's tokenizer flow, step by step through the official SDK: checkout request →
// card typed into the tokenizer → one-time token → customer with a payment source → subscription.

let t: TestSandbox;
let tokens: TokensApi;
beforeEach(async () => {
  t = await startTestSandbox();
  tokens = new TokensApi(new Configuration({ accessToken: t.conektaAccount.private_key, basePath: t.sandbox.conektaUrl }));
});
afterEach(async () => {
  await t.stop();
});

const buyer = { name: "Ana López", email: "ana@example.com", phone: "5512345678" };

function tokenizer(checkoutRequestId: string, card: Record<string, string> = {}) {
  return fetch(`${t.sandbox.url}/conekta/tokenizer/${checkoutRequestId}`, {
    method: "POST",
    body: new URLSearchParams({ name: "Ana López", card_number: "4242 4242 4242 4242", card_expiry: "12/34", card_cvc: "123", ...card }),
  });
}

async function checkoutRequest() {
  const token = (await tokens.createToken({ checkout: { returns_control_on: "Token" } })).data;
  return { token: token.id, checkout: token.checkout?.id ?? "" };
}

describe("Conekta tokens and the tokenizer", () => {
  test("checkout request → tokenizer → customer with the card → subscription, with Conekta's events in order", async () => {
    const created = (await tokens.createToken({ checkout: { returns_control_on: "Token" } })).data;
    expect(created).toMatchObject({ object: "token", livemode: false, used: false });
    expect(created.id).toMatch(/^tok_[0-9A-Za-z]{17}$/);
    expect(created.checkout).toMatchObject({ object: "checkout", type: "Integration", status: "Issued", allowed_payment_methods: ["card"], recurrent: false });
    expect(created.checkout?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((created.checkout?.expires_at ?? 0) - (created.checkout?.starts_at ?? 0)).toBe(3 * 86_400 - 1);

    const form = await fetch(`${t.sandbox.url}/conekta/tokenizer/${created.checkout?.id ?? ""}`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="card_number"');
    const added = await tokenizer(created.checkout?.id ?? "");
    expect(added.status).toBe(200);
    expect(await added.text()).toContain(created.id);
    // One card per checkout request (the guide's scenario 7b).
    expect((await tokenizer(created.checkout?.id ?? "")).status).toBe(409);

    const plan = (await t.conekta.plans.createPlan({ name: "Plus", amount: 29_900, interval: "month", frequency: 1 })).data;
    const customer = (await t.conekta.customers.createCustomer({ ...buyer, payment_sources: [{ type: "card", token_id: created.id }] })).data;
    const source = customer.payment_sources?.data?.[0] as Record<string, unknown> | undefined;
    expect(source).toMatchObject({ object: "payment_source", type: "card", last4: "4242", bin: "424242", brand: "visa", name: "Ana López", default: true });
    expect(customer.default_payment_source_id).toBe(source?.id);
    const sub = (await t.conekta.subscriptions.subscriptionCreate(customer.id, { plan_id: plan.id ?? "" })).data;
    expect(sub).toMatchObject({ status: "active", card_id: source?.id, plan_id: plan.id });

    await within(t.sandbox.delivery.idle(), 5_000, "delivery");
    const events = (await t.conekta.events.getEvents()).data.data ?? [];
    expect(events.map((e) => e.type).reverse()).toEqual([
      "plan.created", "customer.created", "subscription.created", "order.created", "charge.created", "charge.paid", "order.paid", "subscription.paid",
    ]);
  });

  test("a token is spent by its first use; unknown, unfinished and expired tokens fail as Conekta's OpenAPI shows", async () => {
    const { token, checkout } = await checkoutRequest();
    // Before the tokenizer has the card, the token cannot pay.
    const early = await conektaError(t.conekta.customers.createCustomer({ ...buyer, payment_sources: [{ type: "card", token_id: token }] }));
    expect(early).toMatchObject({ status: 402, body: { type: "processing_error", details: [{ code: "conekta.errors.processing.tokenization.incomplete" }] } });
    await tokenizer(checkout);
    await t.conekta.customers.createCustomer({ ...buyer, payment_sources: [{ type: "card", token_id: token }] });

    const reused = await conektaError(t.conekta.customers.createCustomer({ ...buyer, payment_sources: [{ type: "card", token_id: token }] }));
    expect(reused.status).toBe(402);
    expect(reused.body).toMatchObject({
      object: "error",
      type: "processing_error",
      details: [{ message: "The card could not be processed.", debug_message: "The token has already been used.", code: "conekta.errors.processing.tokenization.used" }],
    });
    expect(reused.body.log_id).toMatch(/^[0-9a-f]{24}$/);

    const unknown = await conektaError(t.conekta.customers.createCustomer({ ...buyer, payment_sources: [{ type: "card", token_id: "tok_32hj4g234as" }] }));
    expect(unknown).toMatchObject({
      status: 422,
      body: {
        object: "error",
        type: "parameter_validation_error",
        details: [{ message: "The token does not exist.", param: "payment_method.token_id", code: "conekta.errors.parameter_validation.payment_method.token_id.nonexistent_token" }],
      },
    });

    // A request with a bad token spends none of its good ones.
    const good = await checkoutRequest();
    await tokenizer(good.checkout);
    const mixed = await conektaError(
      t.conekta.customers.createCustomer({ ...buyer, payment_sources: [{ type: "card", token_id: good.token }, { type: "card", token_id: "tok_nope" }] }),
    );
    expect(mixed.status).toBe(422);
    await t.conekta.customers.createCustomer({ ...buyer, payment_sources: [{ type: "card", token_id: good.token }] });

    const late = await checkoutRequest();
    await tokenizer(late.checkout);
    t.sandbox.control.advance(3 * 86_400);
    const expired = await conektaError(t.conekta.customers.createCustomer({ ...buyer, payment_sources: [{ type: "card", token_id: late.token }] }));
    expect(expired).toMatchObject({ status: 402, body: { details: [{ code: "conekta.errors.processing.tokenization.expired" }] } });
    expect((await tokenizer((await checkoutRequest()).checkout)).status).toBe(200);
  });

  test("POST /tokens with card data tokenizes directly; a declining card tokenizes and declines when charged", async () => {
    const card = { name: "Ana López", number: "4000000000000002", cvc: "123", exp_month: "12", exp_year: "34" };
    const token = (await tokens.createToken({ card })).data;
    expect(token).toMatchObject({ object: "token", used: false, checkout: null });
    const order = await conektaError(
      t.conekta.orders.createOrder({
        currency: "MXN",
        customer_info: buyer,
        line_items: [{ name: "Item", unit_price: 10_000, quantity: 1 }],
        charges: [{ payment_method: { type: "card", token_id: token.id } }],
      }),
    );
    expect(order).toMatchObject({ status: 402, body: { type: "processing_error" } });

    const bad = await conektaError(tokens.createToken({ card: { ...card, number: "4242424242424241" } }));
    expect(bad).toMatchObject({ status: 422, body: { details: [{ param: "card.number" }] } });
    expect((await conektaError(tokens.createToken({}))).status).toBe(422);
    expect((await conektaError(tokens.createToken({ checkout: { returns_control_on: "Order" } }))).status).toBe(422);
  });

  test("the hosted checkout page follows the same flow: its card becomes a spent token, the customer's payment source", async () => {
    const plan = (await t.conekta.plans.createPlan({ name: "Plus", amount: 29_900, interval: "month", frequency: 1 })).data;
    const order = (
      await t.conekta.orders.createOrder({
        currency: "MXN",
        customer_info: buyer,
        line_items: [{ name: "Plus", unit_price: 29_900, quantity: 1 }],
        checkout: { type: "HostedPayment", allowed_payment_methods: ["card"], plan_ids: [plan.id ?? ""], success_url: "http://app.test/ok" },
      })
    ).data;
    const res = await fetch(`${t.sandbox.url}/conekta/checkout/${order.checkout?.id ?? ""}`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ ...buyer, card_number: "4242424242424242", card_expiry: "12/34", card_cvc: "123" }),
    });
    expect(res.status).toBe(303);
    const spent = t.sandbox.engine.conekta.list("token", t.conektaAccount.id);
    expect(spent).toHaveLength(1);
    expect(spent[0]).toMatchObject({ used: true, card: { last4: "4242" } });
    await within(t.sandbox.delivery.idle(), 5_000, "delivery");
    const events = (await t.conekta.events.getEvents()).data.data ?? [];
    const customerCreated = events.find((e) => e.type === "customer.created")?.data as { object: { payment_sources: { data: unknown[] } } } | undefined;
    expect(customerCreated?.object.payment_sources.data).toHaveLength(1);
    expect(events.map((e) => e.type).reverse()).toEqual([
      "plan.created", "order.created", "order.pending_payment", "customer.created", "subscription.created", "charge.created", "charge.paid", "order.paid", "subscription.paid",
    ]);
  });
});
