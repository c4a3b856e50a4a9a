import { afterEach, describe, expect, test } from "vitest";
import { TEST_KEY, startTestSandbox, type TestSandbox } from "./test-support";

const DAY = 86_400;
let t: TestSandbox | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe("one clock for both providers", () => {
  test("POST /_sandbox/clock/advance runs Stripe and Conekta renewals interleaved in time order", async () => {
    t = await startTestSandbox();
    const { stripe, conekta } = t;
    // Stripe: monthly, through the hosted checkout.
    const product = await stripe.products.create({ name: "Team" });
    const price = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 5000, recurring: { interval: "month" } });
    const session = await stripe.checkout.sessions.create({ mode: "subscription", line_items: [{ price: price.id, quantity: 1 }], success_url: "http://app.test/ok" });
    const paid = await fetch(session.url ?? "", {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ email: "both@example.com", card_number: "4242424242424242", card_expiry: "12/34", card_cvc: "123" }),
    });
    expect(paid.status).toBe(303);
    const stripeSub = await stripe.subscriptions.retrieve(String((await stripe.checkout.sessions.retrieve(session.id)).subscription));
    const stripeRenewal = stripeSub.items.data[0]?.current_period_end ?? 0;
    // Conekta: weekly, through the API.
    const plan = await conekta.plans.createPlan({ name: "Weekly", amount: 9_900, interval: "week", frequency: 1 });
    const customer = await conekta.customers.createCustomer({ name: "Ana", email: "ana@example.com", phone: "5512345678", payment_sources: [{ type: "card", token_id: "tok_test_visa_4242" }] });
    const sub = (await conekta.subscriptions.subscriptionCreate(customer.data.id, { plan_id: plan.data.id ?? "" })).data;
    const start = sub.billing_cycle_start ?? 0;

    const res = await fetch(`${t.sandbox.url}/_sandbox/clock/advance`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ seconds: 35 * DAY }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ now: t.sandbox.clock.now() });

    // Every renewal carries its own due time: had one provider's work run first, the clock
    // (which never goes back) would have stamped the other's later.
    const orders = ((await conekta.orders.getOrders()).data.data ?? []).map((o) => o.created_at).reverse();
    expect(orders).toEqual([0, 1, 2, 3, 4, 5].map((week) => start + week * 7 * DAY));
    const invoices = (await stripe.invoices.list({ subscription: stripeSub.id })).data;
    expect(invoices.map((i) => [i.billing_reason, i.created])).toEqual([
      ["subscription_cycle", stripeRenewal],
      ["subscription_create", stripeSub.start_date],
    ]);
    expect(invoices[0]?.status_transitions.finalized_at).toBe(stripeRenewal + 3600);
  });
});
