import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { conektaError, startTestSandbox, type TestSandbox } from "../test-support";

const DAY = 86_400;
let t: TestSandbox;
beforeEach(async () => {
  t = await startTestSandbox();
});
afterEach(async () => {
  await t.stop();
});

async function setup(options: { token?: string; trialDays?: number; amount?: number; interval?: "week" | "month" } = {}) {
  const plan = await t.conekta.plans.createPlan({
    name: "Pro", amount: options.amount ?? 10_000, interval: options.interval ?? "month", frequency: 1, trial_period_days: options.trialDays ?? 0,
  });
  const customer = await t.conekta.customers.createCustomer({
    name: "Ana", email: "ana@example.com", phone: "5512345678", payment_sources: [{ type: "card", token_id: options.token ?? "tok_test_visa_4242" }],
  });
  return { planId: plan.data.id ?? "", customerId: customer.data.id };
}

async function orders() {
  return (await t.conekta.orders.getOrders()).data.data;
}

async function subscriptionEventTypes(customerId: string, subscriptionId: string) {
  const events = await t.conekta.subscriptions.subscriptionEvents(customerId, subscriptionId);
  return (events.data.data ?? []).map((e) => e.type).reverse();
}

describe("Conekta subscriptions", () => {
  test("create charges the first cycle; list, retrieve, events; one live subscription per customer", async () => {
    const { planId, customerId } = await setup();
    const now = t.sandbox.clock.now();
    const sub = (await t.conekta.subscriptions.subscriptionCreate(customerId, { plan_id: planId })).data;
    expect(sub).toMatchObject({ object: "subscription", status: "active", plan_id: planId, customer_id: customerId, trial_end: null });
    expect(sub.id).toMatch(/^sub_\w{17}$/);
    expect(sub.billing_cycle_start).toBe(now);
    expect(sub.billing_cycle_end).toBeGreaterThanOrEqual(now + 28 * DAY);
    const [order] = await orders();
    expect(order).toMatchObject({ id: sub.last_billing_cycle_order_id, amount: 10_000, payment_status: "paid", processing_mode: "recurrent" });
    expect(sub.charge_id).toBe(order?.charges?.data?.[0]?.id);

    const listed = (await t.conekta.subscriptions.subscriptionList(customerId)).data as unknown as { data: { id: string }[] };
    expect(listed.data.map((s) => s.id)).toEqual([sub.id]);
    expect((await t.conekta.subscriptions.subscriptionsGet(customerId, sub.id ?? "")).data.status).toBe("active");
    expect((await t.conekta.subscriptions.getSubscription(customerId)).data.id).toBe(sub.id);
    expect(await subscriptionEventTypes(customerId, sub.id ?? "")).toEqual(["subscription.created", "subscription.paid"]);
    const customer = (await t.conekta.customers.getCustomerById(customerId)).data;
    expect(customer.subscription?.id).toBe(sub.id);

    const second = await conektaError(t.conekta.subscriptions.subscriptionCreate(customerId, { plan_id: planId }));
    expect(second).toMatchObject({ status: 422, body: { type: "parameter_validation_error", details: [{ param: "customer_id" }] } });
    const otherCustomer = await conektaError(t.conekta.subscriptions.subscriptionsGet("cus_other", sub.id ?? ""));
    expect(otherCustomer.status).toBe(404);
  });

  test("pause only from active, resume only from paused (428); no charges while paused; cancel", async () => {
    const { planId, customerId } = await setup();
    const sub = (await t.conekta.subscriptions.subscriptionCreate(customerId, { plan_id: planId })).data;
    const id = sub.id ?? "";
    const resumeActive = await conektaError(t.conekta.subscriptions.subscriptionResume(customerId, id));
    expect(resumeActive).toMatchObject({ status: 428, body: { type: "precondition_required_error" } });
    const paused = (await t.conekta.subscriptions.subscriptionPause(customerId, id)).data;
    expect(paused).toMatchObject({ status: "paused", paused_at: t.sandbox.clock.now() });
    expect((await conektaError(t.conekta.subscriptions.subscriptionPause(customerId, id))).status).toBe(428);

    t.sandbox.clock.advance(40 * DAY);
    expect(await orders()).toHaveLength(1);
    const resumed = (await t.conekta.subscriptions.subscriptionResume(customerId, id)).data;
    // The cycle ended during the pause, so resuming bills a new one at once.
    expect(resumed).toMatchObject({ status: "active", paused_at: null, billing_cycle_start: t.sandbox.clock.now() });
    expect(await orders()).toHaveLength(2);

    const canceled = (await t.conekta.subscriptions.subscriptionCancel(customerId, id)).data;
    expect(canceled).toMatchObject({ status: "canceled", canceled_at: t.sandbox.clock.now(), canceled_reason: "user_cancelation" });
    expect((await conektaError(t.conekta.subscriptions.subscriptionCancel(customerId, id))).status).toBe(428);
    expect((await conektaError(t.conekta.subscriptions.subscriptionUpdate(customerId, id, { plan_id: planId }))).status).toBe(428);
    t.sandbox.clock.advance(40 * DAY);
    expect(await orders()).toHaveLength(2);
    expect(await subscriptionEventTypes(customerId, id)).toEqual([
      "subscription.created", "subscription.paid", "subscription.paused", "subscription.resumed", "subscription.paid", "subscription.canceled",
    ]);
    // Canceled frees the customer for a new subscription.
    expect((await t.conekta.subscriptions.subscriptionCreate(customerId, { plan_id: planId })).data.status).toBe("active");
  });

  test("a plan change takes effect at the end of the current cycle", async () => {
    const { planId, customerId } = await setup();
    const premium = (await t.conekta.plans.createPlan({ id: "premium", name: "Premium", amount: 25_000, interval: "month", frequency: 1 })).data;
    const sub = (await t.conekta.subscriptions.subscriptionCreate(customerId, { plan_id: planId })).data;
    const updated = (await t.conekta.subscriptions.subscriptionUpdate(customerId, sub.id ?? "", { plan_id: "premium" })).data;
    expect(updated).toMatchObject({ plan_id: "premium", billing_cycle_end: sub.billing_cycle_end });
    const [event] = (await t.conekta.events.getEvents()).data.data ?? [];
    expect(event).toMatchObject({ type: "subscription.updated", data: { previous_attributes: { plan_id: planId } } });
    expect((await orders()).map((o) => o.amount)).toEqual([10_000]);

    const end = sub.billing_cycle_end ?? 0;
    t.sandbox.clock.advance(end - t.sandbox.clock.now() - 60);
    expect((await orders()).map((o) => o.amount)).toEqual([10_000]);
    t.sandbox.clock.advance(120);
    const [renewal] = await orders();
    expect(renewal).toMatchObject({ amount: premium.amount, created_at: end, payment_status: "paid" });
    expect(renewal?.line_items?.data?.[0]).toMatchObject({ name: "Premium", sku: "premium" });
  });

  test("trial: in_trial until trial_end, then the first charge; retry is only for past_due (422)", async () => {
    const { planId, customerId } = await setup({ trialDays: 14 });
    const start = t.sandbox.clock.now();
    const sub = (await t.conekta.subscriptions.subscriptionCreate(customerId, { plan_id: planId })).data;
    expect(sub).toMatchObject({ status: "in_trial", trial_start: start, trial_end: start + 14 * DAY, billing_cycle_start: null });
    expect(await orders()).toHaveLength(0);
    expect((await conektaError(t.conekta.subscriptions.subscriptionPause(customerId, sub.id ?? ""))).status).toBe(428);
    expect((await conektaError(t.conekta.subscriptions.subscriptionsRetry(customerId, sub.id ?? ""))).status).toBe(422);
    t.sandbox.clock.advance(14 * DAY);
    const active = (await t.conekta.subscriptions.subscriptionsGet(customerId, sub.id ?? "")).data;
    expect(active).toMatchObject({ status: "active", billing_cycle_start: start + 14 * DAY });
    expect((await orders()).map((o) => o.payment_status)).toEqual(["paid"]);
  });

  test("a declined first charge leaves it past_due; a new card and POST retry make it active", async () => {
    const { planId, customerId } = await setup({ token: "tok_test_card_declined" });
    const sub = (await t.conekta.subscriptions.subscriptionCreate(customerId, { plan_id: planId })).data;
    expect(sub.status).toBe("past_due");
    const card = (await t.conekta.paymentMethods.createCustomerPaymentMethods(customerId, { type: "card", token_id: "tok_test_visa_4242" })).data;
    const foreign = await conektaError(t.conekta.subscriptions.subscriptionUpdate(customerId, sub.id ?? "", { card_id: "src_not_hers" }));
    expect(foreign.body.details[0]?.param).toBe("card_id");
    await t.conekta.subscriptions.subscriptionUpdate(customerId, sub.id ?? "", { card_id: card.id });
    const retried = (await t.conekta.subscriptions.subscriptionsRetry(customerId, sub.id ?? "")).data;
    expect(retried).toMatchObject({ status: "active", card_id: card.id });
    const [order] = await orders();
    expect(order?.charges?.data?.map((c) => c.status)).toEqual(["declined", "paid"]);
    expect(await subscriptionEventTypes(customerId, sub.id ?? "")).toEqual([
      "subscription.created", "subscription.payment_failed", "subscription.updated", "subscription.paid",
    ]);
  });

  test("customer created with plan_id subscribes at once (the seed's one-call flow)", async () => {
    const plan = (await t.conekta.plans.createPlan({ name: "Trial", amount: 77_700, interval: "month", frequency: 1, trial_period_days: 30 })).data;
    const customer = (
      await t.conekta.customers.createCustomer({
        name: "Otro", email: "otro@example.com", phone: "5555555555", plan_id: plan.id, payment_sources: [{ type: "card", token_id: "tok_test_visa_4242" }],
      })
    ).data;
    expect(customer.subscription).toMatchObject({ status: "in_trial", plan_id: plan.id, card_id: customer.default_payment_source_id });
  });
});
