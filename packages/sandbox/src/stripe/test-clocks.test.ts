import { describe, expect, test } from "vitest";
import { DAY, attachCard, markNow, setup, stopAfterEach, typesSince } from "./billing-support";

stopAfterEach();

describe("test clocks", () => {
  test("create, bind a customer, advance: the subscription renews with the clock", async () => {
    const { stripe, sandbox, price } = await setup();
    const start = sandbox.clock.now();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start, name: "renewals" });
    expect([clock.object, clock.status, clock.frozen_time]).toEqual(["test_helpers.test_clock", "ready", start]);
    const customer = await stripe.customers.create({ email: "clock@example.com", test_clock: clock.id });
    expect(customer.test_clock).toBe(clock.id);
    attachCard(customer.id);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(sub.test_clock).toBe(clock.id);
    const periodEnd = sub.items.data[0]?.current_period_end ?? 0;

    const mark = await markNow();
    const advanced = await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd + 2 * 3600 });
    expect([advanced.status, advanced.frozen_time]).toEqual(["ready", periodEnd + 2 * 3600]);
    const types = await typesSince(mark);
    expect(types[0]).toBe("test_helpers.test_clock.advancing");
    expect(types.at(-1)).toBe("test_helpers.test_clock.ready");
    expect(types).toEqual(expect.arrayContaining(["invoice.created", "invoice.finalized", "invoice.paid"]));
    const invoices = await stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data.map((i) => i.billing_reason)).toEqual(["subscription_cycle", "subscription_create"]);
    expect(invoices.data[0]?.test_clock).toBe(clock.id);
    const renewed = await stripe.subscriptions.retrieve(sub.id);
    expect(renewed.items.data[0]?.current_period_start).toBe(periodEnd);
  });

  test("advancing backwards fails as Stripe does; list, retrieve and delete", async () => {
    const { stripe, sandbox } = await setup();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: sandbox.clock.now() });
    await expect(stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: clock.frozen_time - DAY })).rejects.toMatchObject({ statusCode: 400 });
    expect((await stripe.testHelpers.testClocks.list()).data.map((c) => c.id)).toEqual([clock.id]);
    expect((await stripe.testHelpers.testClocks.retrieve(clock.id)).id).toBe(clock.id);
    expect((await stripe.testHelpers.testClocks.del(clock.id)).deleted).toBe(true);
    await expect(stripe.testHelpers.testClocks.retrieve(clock.id)).rejects.toMatchObject({ statusCode: 404 });
  });
});
