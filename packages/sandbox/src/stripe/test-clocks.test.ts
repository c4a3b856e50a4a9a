import { describe, expect, test } from "vitest";
import { DAY, attachCard, markNow, receiver, setup, stopAfterEach, typesSince } from "./billing-support";

const receiverEvents = () => (receiver?.received ?? []).map((r) => r.event as typeof r.event & { created: number });

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

  test("each clock keeps its own time: advancing one renews only its subscriptions, at its time", async () => {
    const { stripe, sandbox, price, customer: unbound } = await setup();
    const now = sandbox.clock.now();
    const past = now - 200 * DAY;
    const a = await stripe.testHelpers.testClocks.create({ frozen_time: past });
    const b = await stripe.testHelpers.testClocks.create({ frozen_time: past });
    const subscribeOn = async (clock?: string) => {
      const customer = clock ? await stripe.customers.create({ email: "c@example.com", test_clock: clock }) : unbound;
      if (clock) expect(customer.created).toBe(past);
      attachCard(customer.id);
      return stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    };
    const subA = await subscribeOn(a.id);
    const subB = await subscribeOn(b.id);
    const free = await subscribeOn();
    // Bound objects are created at their clock's time, the others at sandbox time.
    expect([subA.created, subA.items.data[0]?.current_period_start, subA.status]).toEqual([past, past, "active"]);
    expect(free.created).toBe(now);
    const periodEnd = subA.items.data[0]?.current_period_end ?? 0;
    const target = periodEnd + 2 * 3600;

    const mark = await markNow();
    const advanced = await stripe.testHelpers.testClocks.advance(a.id, { frozen_time: target });
    expect([advanced.status, advanced.frozen_time]).toEqual(["ready", target]);
    await typesSince(mark);
    const events = receiverEvents().slice(mark);
    expect(events[0]?.type).toBe("test_helpers.test_clock.advancing");
    expect(events.at(-1)?.type).toBe("test_helpers.test_clock.ready");
    // Every event of the advance is stamped with clock A's time, not the sandbox's.
    for (const event of events.slice(1)) expect(event.created).toBeGreaterThanOrEqual(periodEnd);
    for (const event of events) expect(event.created).toBeLessThanOrEqual(target);
    expect(sandbox.clock.now()).toBe(now);
    const reasons = async (id: string) => (await stripe.invoices.list({ subscription: id })).data.map((i) => i.billing_reason);
    expect(await reasons(subA.id)).toEqual(["subscription_cycle", "subscription_create"]);
    const [renewal] = (await stripe.invoices.list({ subscription: subA.id })).data;
    expect(renewal?.created).toBe(periodEnd);
    expect(await reasons(subB.id)).toEqual(["subscription_create"]);
    expect(await reasons(free.id)).toEqual(["subscription_create"]);

    // The sandbox's own clock moves only what no test clock holds.
    sandbox.clock.advance(31 * DAY);
    await markNow();
    expect(await reasons(free.id)).toEqual(["subscription_cycle", "subscription_create"]);
    expect(await reasons(subA.id)).toEqual(["subscription_cycle", "subscription_create"]);
    expect(await reasons(subB.id)).toEqual(["subscription_create"]);
    expect((await stripe.testHelpers.testClocks.retrieve(b.id)).frozen_time).toBe(past);
    // A change made by API to a bound subscription happens at its clock's time.
    expect((await stripe.subscriptions.cancel(subB.id)).canceled_at).toBe(past);
    expect((await stripe.subscriptions.cancel(free.id)).canceled_at).toBe(now + 31 * DAY);
    // Deleting a clock leaves its objects frozen: they never fall back onto sandbox time.
    await stripe.testHelpers.testClocks.del(a.id);
    await stripe.subscriptions.update(subA.id, { metadata: { touched: "after the clock went" } });
    sandbox.clock.advance(100 * DAY);
    await markNow();
    expect(await reasons(subA.id)).toEqual(["subscription_cycle", "subscription_create"]);
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
