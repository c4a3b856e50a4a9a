import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { trigger } from "../trigger";
import { startTestSandbox, type TestSandbox } from "../test-support";

// The Conekta triggers come from real state changes, so each emits the whole sequence Conekta
// sends for that change, in order, with previous_attributes saying what moved.

let t: TestSandbox;
beforeEach(async () => {
  t = await startTestSandbox();
});
afterEach(async () => {
  await t.stop();
});

const run = (event: string) => trigger(t.sandbox.engine, "conekta", event, { account: t.conektaAccount.id });
const types = (result: ReturnType<typeof run>) => result.events.map((e) => e.type);
const SUBSCRIBE = ["plan.created", "customer.created", "subscription.created", "order.created", "charge.created", "charge.paid", "order.paid", "subscription.paid"];

describe("Conekta triggers", () => {
  test("subscription.resumed: a paused subscription resumed, active again", async () => {
    const result = run("subscription.resumed");
    expect(types(result)).toEqual([...SUBSCRIBE, "subscription.paused", "subscription.resumed"]);
    const event = (await t.conekta.events.getEvent(result.event_id)).data;
    const data = event.data as { object: Record<string, unknown>; previous_attributes: Record<string, unknown> };
    expect(data.object).toMatchObject({ object: "subscription", status: "active", paused_at: null });
    expect(data.previous_attributes).toMatchObject({ status: "paused" });
    expect(typeof data.previous_attributes.paused_at).toBe("number");
  });

  test("subscription.updated: a plan change, the old plan in previous_attributes", async () => {
    const result = run("subscription.updated");
    expect(types(result)).toEqual([...SUBSCRIBE, "plan.created", "subscription.updated"]);
    const data = (await t.conekta.events.getEvent(result.event_id)).data.data as { object: Record<string, unknown>; previous_attributes: Record<string, unknown> };
    expect(data.previous_attributes).toEqual({ plan_id: expect.any(String) });
    expect(data.object.plan_id).not.toBe(data.previous_attributes.plan_id);
    expect(data.object.status).toBe("active");
  });

  test("charge.paid: an order paid by card, the charge paid before the order", async () => {
    const result = run("charge.paid");
    expect(types(result)).toEqual(["order.created", "charge.created", "charge.paid", "order.paid"]);
    const charge = (await t.conekta.events.getEvent(result.event_id)).data.data as { object: Record<string, unknown> };
    expect(charge.object).toMatchObject({ object: "charge", status: "paid", payment_method: { type: "credit", last4: "4242" } });
    const order = (await t.conekta.orders.getOrderById(String(charge.object.order_id))).data;
    expect(order.payment_status).toBe("paid");
  });
});
