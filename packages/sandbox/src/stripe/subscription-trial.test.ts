import { describe, expect, test } from "vitest";
import { DAY, attachCard, markNow, setup, stopAfterEach, typesSince } from "./billing-support";

// Trials that end early, and trials that end without a payment method (the CLI's
// customer.subscription.paused / resumed fixtures).

stopAfterEach();

describe("trial end and pause/resume", () => {
  test("trial_end=now without a card pauses (missing_payment_method=pause); resume bills again", async () => {
    const { stripe, price, customer } = await setup();
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 7,
      trial_settings: { end_behavior: { missing_payment_method: "pause" } },
    });
    expect(sub.trial_settings?.end_behavior.missing_payment_method).toBe("pause");
    const mark = await markNow();
    const paused = await stripe.subscriptions.update(sub.id, { trial_end: "now" });
    expect(paused.status).toBe("paused");
    expect(await typesSince(mark)).toEqual(["customer.subscription.updated", "customer.subscription.updated", "customer.subscription.paused"]);
    await expect(stripe.subscriptions.update(sub.id, { trial_end: "now" })).rejects.toMatchObject({ statusCode: 400 });

    attachCard(customer.id);
    const before = await markNow();
    const resumed = await stripe.subscriptions.resume(sub.id);
    expect(resumed.status).toBe("active");
    const types = await typesSince(before);
    expect(types[0]).toBe("customer.subscription.updated");
    expect(types).toEqual(expect.arrayContaining(["invoice.created", "invoice.paid"]));
    expect(types.at(-1)).toBe("customer.subscription.resumed");
    await expect(stripe.subscriptions.resume(sub.id)).rejects.toMatchObject({ statusCode: 400 });
  });

  test("a trial ending on its own without a card pauses too", async () => {
    const { stripe, sandbox, price, customer } = await setup();
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 3,
      trial_settings: { end_behavior: { missing_payment_method: "pause" } },
    });
    sandbox.clock.advance(3 * DAY + 60);
    await markNow();
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("paused");
  });

  test("trial_end=now with a card invoices at once; a later trial_end moves the period", async () => {
    const { stripe, sandbox, price, customer } = await setup();
    attachCard(customer.id);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 7 });
    const later = sandbox.clock.now() + 10 * DAY;
    const moved = await stripe.subscriptions.update(sub.id, { trial_end: later });
    expect([moved.trial_end, moved.items.data[0]?.current_period_end]).toEqual([later, later]);
    const ended = await stripe.subscriptions.update(sub.id, { trial_end: "now" });
    expect(ended.status).toBe("active");
    const invoice = await stripe.invoices.retrieve(String(ended.latest_invoice));
    expect([invoice.status, invoice.amount_paid]).toEqual(["paid", 1500]);
  });
});
