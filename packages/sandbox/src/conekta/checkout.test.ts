import type { OrderCheckoutRequest } from "conekta";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { conektaError, startTestSandbox, type TestSandbox } from "../test-support";

const DAY = 86_400;
let t: TestSandbox;
let planId: string;
beforeEach(async () => {
  t = await startTestSandbox();
  planId = (await t.conekta.plans.createPlan({ id: "plus-monthly", name: "Plus", amount: 29_900, interval: "month", frequency: 1 })).data.id ?? "";
});
afterEach(async () => {
  await t.stop();
});

function createOrder(checkout: Partial<OrderCheckoutRequest> = {}) {
  return t.conekta.orders.createOrder({
    currency: "MXN",
    customer_info: { name: "Ana López", email: "ana@example.com", phone: "5512345678" },
    line_items: [{ name: "Plus", unit_price: 29_900, quantity: 1 }],
    checkout: {
      type: "HostedPayment",
      allowed_payment_methods: ["card"],
      plan_ids: [planId],
      success_url: "http://app.test/billing/return?from=conekta",
      failure_url: "http://app.test/billing/failed",
      expires_at: t.sandbox.clock.now() + DAY,
      ...checkout,
    },
  });
}

function pay(url: string, fields: Record<string, string>) {
  return fetch(url, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ name: "Ana López", email: "ana@example.com", phone: "5512345678", card_expiry: "12/34", card_cvc: "123", ...fields }),
  });
}

async function eventTypes() {
  return ((await t.conekta.events.getEvents()).data.data ?? []).map((e) => e.type).reverse();
}

describe("Conekta hosted checkout", () => {
  test("an order with a HostedPayment checkout returns the page URL; 4242 subscribes, pays and redirects", async () => {
    const order = (await createOrder()).data;
    const checkout = order.checkout;
    expect(order).toMatchObject({ object: "order", payment_status: "pending_payment", amount: 29_900 });
    expect(checkout).toMatchObject({ object: "checkout", type: "HostedPayment", status: "Issued", livemode: false, allowed_payment_methods: ["card"] });
    expect(checkout?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(checkout?.url).toBe(`${t.sandbox.conektaUrl}/checkout/${checkout?.id}`);
    const page = await fetch(checkout?.url ?? "");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Plus: $299.00 MXN every month");

    const res = await pay(checkout?.url ?? "", { card_number: "4242 4242 4242 4242" });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location") ?? "");
    expect(location.origin + location.pathname).toBe("http://app.test/billing/return");
    expect(Object.fromEntries(location.searchParams)).toEqual({ from: "conekta", checkout_id: checkout?.id, order_id: order.id, payment_status: "paid" });

    const paid = (await t.conekta.orders.getOrderById(order.id ?? "")).data;
    expect(paid).toMatchObject({ payment_status: "paid", checkout: { status: "Finalized", paid_payments_count: 1 } });
    const customerId = paid.customer_info?.customer_id ?? "";
    const customer = (await t.conekta.customers.getCustomerById(customerId)).data;
    expect(customer).toMatchObject({ email: "ana@example.com", phone: "5512345678" });
    expect(customer.payment_sources?.data?.[0]).toMatchObject({ last4: "4242" });
    expect(customer.subscription).toMatchObject({ status: "active", plan_id: planId, last_billing_cycle_order_id: order.id, card_id: customer.default_payment_source_id });
    expect(await eventTypes()).toEqual([
      "plan.created", "order.created", "order.pending_payment", "customer.created", "subscription.created",
      "charge.created", "charge.paid", "order.paid", "subscription.paid",
    ]);
    expect((await fetch(checkout?.url ?? "")).status).toBe(409);
  });

  test("4000 0000 0000 0002 is declined: failure_url, nothing saved; another card then succeeds", async () => {
    const order = (await createOrder()).data;
    const declined = await pay(order.checkout?.url ?? "", { card_number: "4000000000000002" });
    expect(declined.status).toBe(303);
    const location = new URL(declined.headers.get("location") ?? "");
    expect(location.pathname).toBe("/billing/failed");
    expect(location.searchParams.get("payment_status")).toBe("declined");
    expect(location.searchParams.get("order_id")).toBe(order.id);
    expect((await t.conekta.customers.getCustomers()).data.data).toEqual([]);
    const after = (await t.conekta.orders.getOrderById(order.id ?? "")).data;
    expect(after).toMatchObject({ payment_status: "declined", checkout: { status: "Issued" } });
    expect(after.charges?.data?.[0]).toMatchObject({ status: "declined", failure_code: "card_declined" });

    expect((await pay(order.checkout?.url ?? "", { card_number: "4242424242424242" })).status).toBe(303);
    expect((await t.conekta.orders.getOrderById(order.id ?? "")).data.payment_status).toBe("paid");
  });

  test("4000 0000 0000 0341 attaches and pays at checkout; the first renewal fails", async () => {
    const order = (await createOrder()).data;
    expect((await pay(order.checkout?.url ?? "", { card_number: "4000000000000341" })).status).toBe(303);
    const customerId = (await t.conekta.orders.getOrderById(order.id ?? "")).data.customer_info?.customer_id ?? "";
    const sub = (await t.conekta.customers.getCustomerById(customerId)).data.subscription;
    expect(sub?.status).toBe("active");
    t.sandbox.clock.advance((sub?.billing_cycle_end ?? 0) - t.sandbox.clock.now());
    const renewed = (await t.conekta.subscriptions.subscriptionsGet(customerId, sub?.id ?? "")).data;
    expect(renewed.status).toBe("past_due");
  });

  test("bad fields re-render the form; a plan outside plan_ids is refused; expiry", async () => {
    const order = (await createOrder()).data;
    const url = order.checkout?.url ?? "";
    const badNumber = await pay(url, { card_number: "4242424242424241" });
    expect(badNumber.status).toBe(400);
    expect(await badNumber.text()).toContain('role="alert"');
    expect((await pay(url, { card_number: "4242424242424242", email: "nope" })).status).toBe(400);
    expect((await pay(url, { card_number: "4242424242424242", plan_id: "other" })).status).toBe(400);
    expect((await t.conekta.orders.getOrderById(order.id ?? "")).data.payment_status).toBe("pending_payment");

    t.sandbox.clock.advance(DAY + 1);
    expect((await fetch(url)).status).toBe(410);
    const expired = (await t.conekta.orders.getOrderById(order.id ?? "")).data;
    expect(expired).toMatchObject({ payment_status: "expired", checkout: { status: "Expired" } });
    expect((await eventTypes()).at(-1)).toBe("order.expired");
    expect((await fetch(`${t.sandbox.conektaUrl}/checkout/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
  });

  test("validation: subscriptions take cards only; plans must exist; expires_at between 5 minutes and 365 days", async () => {
    const cash = await conektaError(createOrder({ allowed_payment_methods: ["card", "cash"] }));
    expect(cash).toMatchObject({ status: 422, body: { details: [{ param: "checkout.allowed_payment_methods", message: "Subscriptions allow only 'card'." }] } });
    expect((await conektaError(createOrder({ plan_ids: ["nope"] }))).status).toBe(404);
    const soon = await conektaError(createOrder({ expires_at: t.sandbox.clock.now() + 60 }));
    expect(soon.body.details[0]?.param).toBe("checkout.expires_at");
  });
});
