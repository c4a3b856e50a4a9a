import { afterEach, describe, expect, test } from "vitest";
import { startReceiver, startTestSandbox, within, type Receiver, type TestSandbox } from "../test-support";

const DAY = 86_400;
const HOUR = 3600;
let t: TestSandbox | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await t?.stop();
  await receiver?.close();
  t = undefined;
});

// A sandbox with a webhook taking every event, a monthly plan and a subscribed customer.
async function subscribe(token: string, plan: { interval?: "week" | "month"; expiry_count?: number } = {}) {
  t = await startTestSandbox();
  receiver = await startReceiver();
  await t.conekta.webhooks.createWebhook({ url: receiver.url });
  const created = await t.conekta.plans.createPlan({ name: "Monthly", amount: 49_900, interval: plan.interval ?? "month", frequency: 1, expiry_count: plan.expiry_count });
  const customer = await t.conekta.customers.createCustomer({
    name: "Ana", email: "ana@example.com", phone: "5512345678", payment_sources: [{ type: "card", token_id: token }],
  });
  const sub = (await t.conekta.subscriptions.subscriptionCreate(customer.data.id, { plan_id: created.data.id ?? "" })).data;
  await within(t.sandbox.delivery.idle(), 5_000, "initial delivery");
  return { t, receiver, customerId: customer.data.id, sub };
}

function subscriptionEvents(r: Receiver) {
  return r.received
    .filter((w) => w.event.type.startsWith("subscription."))
    .map((w) => ({ type: w.event.type, status: w.event.data.object.status, at: (w.event as unknown as { created_at: number }).created_at }));
}

describe("Conekta test clock: renewals, failures and retries", () => {
  test("three months: paid, paid, then the card fails: past_due, retries every 50 h, canceled after 3", async () => {
    const { t, receiver, customerId, sub } = await subscribe("tok_test_visa_4242");
    const id = sub.id ?? "";
    const start = sub.billing_cycle_start ?? 0;
    // Month 1 renews on the card that works.
    t.sandbox.clock.advance((sub.billing_cycle_end ?? 0) - t.sandbox.clock.now());
    await within(t.sandbox.delivery.idle(), 5_000, "renewal delivery");
    const renewal = receiver.received.slice(-5).map((w) => w.event.type);
    expect(renewal).toEqual(["order.created", "charge.created", "charge.paid", "order.paid", "subscription.paid"]);
    // Then the customer's card starts failing.
    const bad = await t.conekta.paymentMethods.createCustomerPaymentMethods(customerId, { type: "card", token_id: "tok_test_card_declined" });
    await t.conekta.subscriptions.subscriptionUpdate(customerId, id, { card_id: bad.data.id });
    const second = (await t.conekta.subscriptions.subscriptionsGet(customerId, id)).data.billing_cycle_end ?? 0;
    // One jump over months 2 and 3: the scheduler replays every due step in time order.
    t.sandbox.clock.advance(62 * DAY);
    await within(t.sandbox.delivery.idle(), 10_000, "clock delivery");

    const events = subscriptionEvents(receiver);
    expect(events.map((e) => [e.type, e.status])).toEqual([
      ["subscription.created", "active"],
      ["subscription.paid", "active"],
      ["subscription.paid", "active"],
      ["subscription.updated", "active"],
      ["subscription.payment_failed", "past_due"],
      ["subscription.payment_failed", "past_due"],
      ["subscription.payment_failed", "past_due"],
      ["subscription.payment_failed", "past_due"],
      ["subscription.canceled", "canceled"],
    ]);
    const failures = events.filter((e) => e.type === "subscription.payment_failed").map((e) => e.at);
    expect(failures).toEqual([second, second + 50 * HOUR, second + 100 * HOUR, second + 150 * HOUR]);
    expect(events.at(-1)?.at).toBe(second + 150 * HOUR);
    // Each failed attempt is a declined charge on the cycle's order; nothing renews after the cancel.
    const orders = (await t.conekta.orders.getOrders()).data.data ?? [];
    expect(orders.map((o) => o.payment_status)).toEqual(["declined", "paid", "paid"]);
    expect(orders[0]?.charges?.data?.map((c) => c.status)).toEqual(["declined", "declined", "declined", "declined"]);
    expect(orders.map((o) => o.created_at).reverse()).toEqual([start, sub.billing_cycle_end, second]);
    const final = (await t.conekta.subscriptions.subscriptionsGet(customerId, id)).data;
    expect(final).toMatchObject({ status: "canceled", canceled_reason: "payment_failed", canceled_at: second + 150 * HOUR });
  });

  test("recovery: a card that fails at renewal (0341), fixed before the next retry, returns to active", async () => {
    const { t, receiver, customerId, sub } = await subscribe("tok_test_visa_0341");
    const id = sub.id ?? "";
    expect(sub.status).toBe("active");
    const renewalAt = sub.billing_cycle_end ?? 0;
    t.sandbox.clock.advance(renewalAt - t.sandbox.clock.now() + HOUR);
    expect((await t.conekta.subscriptions.subscriptionsGet(customerId, id)).data.status).toBe("past_due");
    const good = await t.conekta.paymentMethods.createCustomerPaymentMethods(customerId, { type: "card", token_id: "tok_test_visa_4242" });
    await t.conekta.subscriptions.subscriptionUpdate(customerId, id, { card_id: good.data.id });
    t.sandbox.clock.advance(50 * HOUR);
    const recovered = (await t.conekta.subscriptions.subscriptionsGet(customerId, id)).data;
    expect(recovered).toMatchObject({ status: "active", billing_cycle_start: renewalAt });
    t.sandbox.clock.advance((recovered.billing_cycle_end ?? 0) - t.sandbox.clock.now());
    await within(t.sandbox.delivery.idle(), 5_000, "delivery");
    expect(subscriptionEvents(receiver).map((e) => e.type)).toEqual([
      "subscription.created", "subscription.paid", "subscription.payment_failed", "subscription.updated", "subscription.paid", "subscription.paid",
    ]);
    const paid = receiver.received.filter((w) => w.event.type === "subscription.paid").map((w) => (w.event as unknown as { created_at: number }).created_at);
    expect(paid.slice(1)).toEqual([renewalAt + 50 * HOUR, recovered.billing_cycle_end]);
  });

  test("expiry_count: after the plan's last cycle the subscription expires", async () => {
    const { t, receiver, customerId, sub } = await subscribe("tok_test_visa_4242", { interval: "week", expiry_count: 2 });
    t.sandbox.clock.advance(21 * DAY);
    await within(t.sandbox.delivery.idle(), 5_000, "delivery");
    expect(subscriptionEvents(receiver).map((e) => e.type)).toEqual(["subscription.created", "subscription.paid", "subscription.paid", "subscription.expired"]);
    const final = (await t.conekta.subscriptions.subscriptionsGet(customerId, sub.id ?? "")).data;
    expect(final).toMatchObject({ status: "canceled", canceled_reason: "expired", canceled_at: (sub.billing_cycle_start ?? 0) + 14 * DAY });
    expect((await t.conekta.orders.getOrders()).data.data).toHaveLength(2);
  });
});
