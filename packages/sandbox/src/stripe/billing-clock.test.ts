import { INVOICE_PAID_BY_CARD } from "./billing-support";
import type Stripe from "stripe";
import { afterEach, describe, expect, test } from "vitest";
import { startReceiver, startTestSandbox, within, type TestSandbox } from "../test-support";

const DAY = 86_400;
let t: TestSandbox | undefined;
let closeReceiver: (() => Promise<void>) | undefined;
afterEach(async () => {
  await t?.stop();
  await closeReceiver?.();
  t = undefined;
});

async function subscribe(card: string, extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  t = await startTestSandbox();
  const receiver = await startReceiver();
  closeReceiver = receiver.close;
  const endpoint = await t.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["*"] });
  const product = await t.stripe.products.create({ name: "Team" });
  const price = await t.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 5000, recurring: { interval: "month" } });
  const session = await t.stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: "http://app.test/return?session_id={CHECKOUT_SESSION_ID}",
    ...extra,
  });
  const res = await fetch(session.url ?? "", {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ email: "renew@example.com", card_number: card, card_expiry: "12/34", card_cvc: "123" }),
  });
  expect(res.status).toBe(303);
  const done = await t.stripe.checkout.sessions.retrieve(session.id);
  await within(t.sandbox.delivery.idle(), 5_000, "initial delivery");
  return { stripe: t.stripe, sandbox: t.sandbox, receiver, endpoint, subscriptionId: String(done.subscription) };
}

function typesAfter(receiver: Awaited<ReturnType<typeof startReceiver>>, from: number): string[] {
  return receiver.received.slice(from).map((r) => r.event.type);
}

describe("test clock: renewals, failures and retries", () => {
  test("a paying subscription renews monthly with a new invoice and charge", async () => {
    const { stripe, sandbox, receiver, subscriptionId } = await subscribe("4242424242424242");
    const sub = await stripe.subscriptions.retrieve(subscriptionId);
    const firstEnd = sub.items.data[0]?.current_period_end ?? 0;
    const mark = receiver.received.length;
    sandbox.clock.advance(firstEnd - sandbox.clock.now() + 2 * 3600);
    await within(sandbox.delivery.idle(), 5_000, "renewal delivery");
    expect(typesAfter(receiver, mark)).toEqual([
      "customer.subscription.updated",
      ...INVOICE_PAID_BY_CARD,
    ]);
    const renewed = await stripe.subscriptions.retrieve(subscriptionId);
    expect(renewed.status).toBe("active");
    expect(renewed.items.data[0]?.current_period_start).toBe(firstEnd);
    const invoices = await stripe.invoices.list({ subscription: subscriptionId });
    expect(invoices.data.map((i) => [i.billing_reason, i.status])).toEqual([
      ["subscription_cycle", "paid"],
      ["subscription_create", "paid"],
    ]);
    // Draft for an hour, then finalized: Stripe's renewal rhythm.
    const cycle = invoices.data[0];
    expect((cycle?.status_transitions.finalized_at ?? 0) - (cycle?.created ?? 0)).toBe(3600);
    expect(cycle?.parent?.subscription_details?.subscription).toBe(subscriptionId);
  });

  test("0341 card: three months with a failed renewal, past_due, retries, then canceled", async () => {
    const { stripe, sandbox, receiver, subscriptionId } = await subscribe("4000000000000341");
    const start = await stripe.subscriptions.retrieve(subscriptionId);
    expect(start.status).toBe("active");
    const mark = receiver.received.length;
    // Advance three months in one go; the scheduler replays due work in time order.
    sandbox.clock.advance(92 * DAY);
    await within(sandbox.delivery.idle(), 10_000, "clock delivery");
    const types = typesAfter(receiver, mark);
    const failedRenewal = [
      "customer.subscription.updated", // period moves on
      "invoice.created",
      "invoice.finalized",
      "payment_intent.created",
      "charge.failed",
      "payment_intent.payment_failed",
      "invoice.payment_failed",
      "customer.subscription.updated", // active -> past_due
    ];
    expect(types.slice(0, failedRenewal.length)).toEqual(failedRenewal);
    const retry = ["charge.failed", "payment_intent.payment_failed", "invoice.payment_failed"];
    expect(types.slice(failedRenewal.length, failedRenewal.length + 6)).toEqual([...retry, ...retry]);
    expect(types).toContain("customer.subscription.deleted");
    const deletedAt = types.indexOf("customer.subscription.deleted");
    expect(types.slice(deletedAt - 3, deletedAt)).toEqual(retry);
    // Once canceled, nothing renews any more.
    expect(types.slice(deletedAt + 1)).toEqual([]);

    const statuses = receiver.received
      .slice(mark)
      .filter((r) => r.event.type.startsWith("customer.subscription."))
      .map((r) => r.event.data.object.status);
    expect(statuses).toEqual(["active", "past_due", "canceled"]);

    const sub = await stripe.subscriptions.retrieve(subscriptionId);
    expect(sub.status).toBe("canceled");
    expect(sub.cancellation_details?.reason).toBe("payment_failed");
    const [invoice] = (await stripe.invoices.list({ subscription: subscriptionId, limit: 1 })).data;
    expect(invoice).toMatchObject({ status: "open", attempt_count: 4, next_payment_attempt: null });
    // Retry schedule: 3, 5 and 7 days after each failure.
    const failures = receiver.received.filter((r) => r.event.type === "invoice.payment_failed").map((r) => r.event.data.object);
    const finalized = Number(failures[0]?.status_transitions && (failures[0].status_transitions as { finalized_at: number }).finalized_at);
    expect(failures.map((f) => f.next_payment_attempt)).toEqual([finalized + 3 * DAY, finalized + 8 * DAY, finalized + 15 * DAY, null]);
  });

  test("trial ends on the clock, then renewals bill", async () => {
    const { stripe, sandbox, receiver, subscriptionId } = await subscribe("4242424242424242", {
      subscription_data: { trial_period_days: 14 },
    });
    const sub = await stripe.subscriptions.retrieve(subscriptionId);
    expect(sub.status).toBe("trialing");
    expect(sub.trial_end).toBe((sub.trial_start ?? 0) + 14 * DAY);
    const mark = receiver.received.length;
    sandbox.clock.advance(12 * DAY);
    await within(sandbox.delivery.idle(), 5_000, "trial notice");
    expect(typesAfter(receiver, mark)).toEqual(["customer.subscription.trial_will_end"]);
    sandbox.clock.advance(3 * DAY);
    await within(sandbox.delivery.idle(), 5_000, "trial end");
    const after = await stripe.subscriptions.retrieve(subscriptionId);
    expect(after.status).toBe("active");
    const [invoice] = (await stripe.invoices.list({ subscription: subscriptionId, limit: 1 })).data;
    expect(invoice).toMatchObject({ status: "paid", amount_paid: 5000, billing_reason: "subscription_cycle" });
  });

  test("cancel_at_period_end cancels at the boundary; pause_collection voids renewals", async () => {
    const { stripe, sandbox, subscriptionId } = await subscribe("4242424242424242");
    await stripe.subscriptions.update(subscriptionId, { pause_collection: { behavior: "void" } });
    sandbox.clock.advance(32 * DAY);
    const [voided] = (await stripe.invoices.list({ subscription: subscriptionId, limit: 1 })).data;
    expect(voided?.status).toBe("void");
    await stripe.subscriptions.update(subscriptionId, { pause_collection: "", cancel_at_period_end: true });
    const pending = await stripe.subscriptions.retrieve(subscriptionId);
    expect(pending).toMatchObject({ status: "active", cancel_at_period_end: true, pause_collection: null });
    sandbox.clock.advance(32 * DAY);
    const ended = await stripe.subscriptions.retrieve(subscriptionId);
    expect(ended.status).toBe("canceled");
    expect(ended.ended_at).toBe(pending.cancel_at);
  });
});
