import { describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { db } from "@/db";
import { getSubscription } from "@/lib/subscriptions/get-subscription";
import { listSubscriptions } from "@/lib/subscriptions/list-subscriptions";
import { seedConnection, seedCustomer, seedEndpoint, seedEvent, seedInvoice, seedPlan, seedRejection, seedSubscription } from "@/lib/observability/test-support";
import { createOwner } from "@/lib/testing/factories";
import { listEventsQuery } from "@/lib/validations/events";
import { listSubscriptionsQuery } from "@/lib/validations/subscriptions";
import { deliverStripe, eventId, stripeEventBody, stripeSetup } from "../testing/fixtures";
import { drainEvents } from "../worker/run-worker";
import { getEvent } from "./get-event";
import { listEvents } from "./list-events";

const query = (input: Record<string, unknown>) => listEventsQuery.parse(input);
const sub = (id: string, status: string) => ({ id, object: "subscription", customer: `cus_${id}`, status, cancel_at_period_end: false, items: { data: [] } });

async function scenario() {
  const setup = await stripeSetup("views");
  const subId = `sub_views_${setup.account.id}`;
  const t = Math.floor(Date.now() / 1000);
  const first = eventId();
  const second = eventId();
  await deliverStripe(stripeEventBody({ id: first, type: "customer.subscription.created", account: setup.account.id, created: t, object: sub(subId, "trialing") }), setup.secret);
  await deliverStripe(stripeEventBody({ id: second, type: "customer.subscription.updated", account: setup.account.id, created: t + 60, object: sub(subId, "active") }), setup.secret);
  await deliverStripe(stripeEventBody({ type: "invoice.paid", account: setup.account.id, created: t + 61, object: { id: "in_x" } }), "whsec_wrong");
  // One at a time, oldest first, so the timeline has both changes.
  await drainEvents({ db, concurrency: 1, organizationId: setup.owner.organization.id });
  return { ...setup, subId, first, second };
}

describe("the event log", () => {
  test("lists events and rejections newest first, filters by status, type and object id, summarizes", async () => {
    const s = await scenario();
    // The wrong-secret Stripe delivery of the scenario belongs to no organization (nothing verified
    // it); a refusal at the organization's own Conekta endpoint is its own.
    expect((await listEvents({ ctx: s.owner, input: query({ status: "rejected" }) })).items).toEqual([]);
    const conekta = await seedEndpoint(await seedConnection(s.owner, { provider: "conekta" }));
    await seedRejection(s.owner, { provider: "conekta", endpointId: conekta.id, reason: "bad_signature" });
    const all = await listEvents({ ctx: s.owner, input: query({}) });
    expect(all.items.map((i) => (i.kind === "event" ? i.providerEventId : i.reason))).toEqual(["bad_signature", s.second, s.first]);
    expect(all.summary).toMatchObject({ processed: 2, dead: 0, rejectedLast24h: 1 });
    const rejected = await listEvents({ ctx: s.owner, input: query({ status: "rejected" }) });
    expect(rejected.items).toHaveLength(1);
    const updated = await listEvents({ ctx: s.owner, input: query({ type: "customer.subscription.upd" }) });
    expect(updated.items.map((i) => i.kind === "event" && i.providerEventId)).toEqual([s.second]);
    const byObject = await listEvents({ ctx: s.owner, input: query({ q: s.subId }) });
    expect(byObject.items).toHaveLength(2);
    const page = await listEvents({ ctx: s.owner, input: query({ limit: 1 }) });
    expect(page.nextBefore).not.toBeNull();
    const live = await listEvents({ ctx: s.owner, input: query({ mode: "live" }) });
    expect(live.items.filter((i) => i.kind === "event")).toEqual([]);
  });

  test("paging walks every event once, also events that share a receipt time to the microsecond", async () => {
    const owner = await createOwner("views-keyset");
    const connection = await seedConnection(owner, { provider: "conekta" });
    const newest = await seedEvent(connection, { receivedAt: new Date(Date.now() + 1000) });
    // Six events in the same instant, two more inside the same millisecond: a cursor on the
    // time alone (at JavaScript's millisecond precision) would skip some of them.
    const shared = [];
    for (let i = 0; i < 6; i++) shared.push(await seedEvent(connection, { receivedAt: new Date("2026-01-01T00:00:00.123Z") }));
    const sameMs = [];
    for (const micros of ["2026-01-01T00:00:00.123400Z", "2026-01-01T00:00:00.123900Z"]) {
      const event = await seedEvent(connection);
      await db.execute(sql`update webhook_events set received_at = ${micros}::timestamptz where id = ${event.id}`);
      sameMs.push(event);
    }
    await seedRejection(owner, { provider: "conekta", receivedAt: new Date("2026-01-01T00:00:00.123Z") });
    const oldest = await seedEvent(connection, { receivedAt: new Date("2025-12-31T00:00:00Z") });
    const seen: string[] = [];
    let cursor: string | null | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await listEvents({ ctx: owner, input: query({ limit: 2, ...(cursor ? { cursor } : {}) }) });
      seen.push(...page.items.map((i) => `${i.kind}:${i.id}`));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    const events = seen.filter((k) => k.startsWith("event:")).map((k) => k.slice(6));
    expect(events).toHaveLength(10);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(events)).toEqual(new Set([newest, ...sameMs, ...shared, oldest].map((e) => e.id)));
    expect(events[0]).toBe(newest.id);
    expect(events.slice(1, 3).sort()).toEqual(sameMs.map((e) => e.id).sort());
    expect(events.at(-1)).toBe(oldest.id);
    expect(seen.filter((k) => k.startsWith("rejection:"))).toHaveLength(1);
  });

  test("the type filter matches `_`, `%` and `\\` literally instead of dropping them", async () => {
    const owner = await createOwner("views-like");
    const connection = await seedConnection(owner, { provider: "conekta" });
    const types = ["subscription.payment_failed", "subscription.paymentXfailed", "subscription.paid", "odd.100%_off", "odd.100x_off", "odd.a\\b", "odd.ab"];
    for (const type of types) await seedEvent(connection, { type });
    const typesFor = async (type: string) =>
      (await listEvents({ ctx: owner, input: query({ type }) })).items.map((i) => (i.kind === "event" ? i.type : i.kind)).sort();
    expect(await typesFor("subscription.payment_failed")).toEqual(["subscription.payment_failed"]);
    expect(await typesFor("subscription.payment_")).toEqual(["subscription.payment_failed"]);
    expect(await typesFor("odd.100%")).toEqual(["odd.100%_off"]);
    expect(await typesFor("odd.a\\")).toEqual(["odd.a\\b"]);
    expect(await typesFor("%")).toEqual([]);
  });

  test("hides ignored events on request with their count, and names each event's customer and amount", async () => {
    const owner = await createOwner("views-merchant");
    const connection = await seedConnection(owner, { provider: "conekta" });
    const customer = await seedCustomer(connection, { name: "Lucía Pérez" });
    const plan = await seedPlan(owner, { currency: "mxn", monthly: 29_900 });
    const subscription = await seedSubscription(connection, { customerId: customer.id, planId: plan.id, billingCycle: "monthly" });
    const invoice = await seedInvoice(connection, { customerId: customer.id, total: 34_684, currency: "mxn" });
    await seedEvent(connection, { type: "charge.created", status: "ignored", decision: "ignored", decisionNote: "No handler for charge.created" });
    await seedEvent(connection, { type: "order.paid", objectRefs: { invoice: invoice.providerInvoiceId, customer: customer.providerCustomerId } });
    await seedEvent(connection, { type: "subscription.updated", objectRefs: { subscription: subscription.providerSubscriptionId } });
    await seedEvent(connection, { type: "customer.created", objectRefs: { customer: "cus_unknown" } });

    const shown = await listEvents({ ctx: owner, input: query({ ignored: "hide" }) });
    expect(shown.items.map((i) => i.kind === "event" && i.type).sort()).toEqual(["customer.created", "order.paid", "subscription.updated"]);
    expect(shown.summary.ignored).toBe(1);
    const described = Object.fromEntries(shown.items.map((i) => (i.kind === "event" ? [i.type, { customer: i.customer, amount: i.amount }] : [])));
    expect(described).toEqual({
      "order.paid": { customer: "Lucía Pérez", amount: { minor: 34_684, currency: "mxn" } },
      "subscription.updated": { customer: "Lucía Pérez", amount: { minor: 29_900, currency: "mxn" } },
      "customer.created": { customer: null, amount: null },
    });
    // Shown by default through the API, and when the ignored status is what is asked for.
    expect((await listEvents({ ctx: owner, input: query({}) })).items).toHaveLength(4);
    expect((await listEvents({ ctx: owner, input: query({ ignored: "hide", status: "ignored" }) })).items.map((i) => i.kind === "event" && i.type)).toEqual(["charge.created"]);
    // A search by id finds the event whatever its status.
    const ignored = (await listEvents({ ctx: owner, input: query({ status: "ignored" }) })).items[0]!;
    expect((await listEvents({ ctx: owner, input: query({ ignored: "hide", q: ignored.kind === "event" ? ignored.providerEventId : "" }) })).items).toHaveLength(1);
    // Another organization's customer with the same provider id is not this one's.
    const stranger = await createOwner("views-merchant-stranger");
    await seedCustomer(await seedConnection(stranger, { provider: "conekta" }), { providerCustomerId: "cus_unknown", name: "Someone Else" });
    expect((await listEvents({ ctx: owner, input: query({ type: "customer.created" }) })).items[0]).toMatchObject({ customer: null });
  });

  test("an event's page correlates its subscription and shows its attempts; other tenants get 404", async () => {
    const s = await scenario();
    const [row] = (await listEvents({ ctx: s.owner, input: query({ q: s.second }) })).items;
    const event = await getEvent({ ctx: s.owner, input: { eventId: row!.id } });
    expect(event).toMatchObject({ status: "processed", decision: "applied", correlated: { subscription: { providerSubscriptionId: s.subId, status: "active" } } });
    expect(event.attemptLog).toHaveLength(1);
    expect(event.related.map((r) => r.type)).toEqual(["customer.subscription.created"]);
    const stranger = await createOwner("stranger");
    await expect(getEvent({ ctx: stranger, input: { eventId: row!.id } })).rejects.toMatchObject({ code: "not_found" });
    expect((await listEvents({ ctx: stranger, input: query({}) })).items).toEqual([]);
  });
});

describe("subscriptions", () => {
  test("the list and the timeline show each change with the event that caused it", async () => {
    const s = await scenario();
    const list = await listSubscriptions({ ctx: s.owner, input: listSubscriptionsQuery.parse({}) });
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({ providerSubscriptionId: s.subId, status: "active" });
    expect((await listSubscriptions({ ctx: s.owner, input: listSubscriptionsQuery.parse({ status: "canceled" }) })).data).toEqual([]);
    const detail = await getSubscription({ ctx: s.owner, input: { subscriptionId: list.data[0]!.id } });
    expect(detail.timeline.map((t) => [t.field, t.from, t.to, t.source, t.event?.type])).toEqual([
      ["status", "trialing", "active", "event", "customer.subscription.updated"],
      ["status", null, "trialing", "event", "customer.subscription.created"],
    ]);
    expect(detail.events).toHaveLength(2);
    const stranger = await createOwner("stranger");
    await expect(getSubscription({ ctx: stranger, input: { subscriptionId: list.data[0]!.id } })).rejects.toMatchObject({ code: "not_found" });
  });
  test("the list pages by keyset: every subscription once, most recently changed first, also ties to the microsecond", async () => {
    const owner = await createOwner("subs-keyset");
    const connection = await seedConnection(owner);
    const newest = await seedSubscription(connection, { updatedAt: new Date(Date.now() + 1000) });
    // Five changed in the same instant (a bulk import), two more inside one millisecond.
    const shared = [];
    for (let i = 0; i < 5; i++) shared.push(await seedSubscription(connection, { updatedAt: new Date("2026-01-01T00:00:00.123Z"), status: i % 2 ? "active" : "canceled" }));
    const sameMs = [];
    for (const micros of ["2026-01-01T00:00:00.123400Z", "2026-01-01T00:00:00.123900Z"]) {
      const sub = await seedSubscription(connection);
      await db.execute(sql`update subscriptions set updated_at = ${micros}::timestamptz where id = ${sub.id}`);
      sameMs.push(sub);
    }
    const oldest = await seedSubscription(connection, { updatedAt: new Date("2025-12-31T00:00:00Z") });
    const walk = async (filters: Record<string, unknown>) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 20; pages++) {
        const page = await listSubscriptions({ ctx: owner, input: listSubscriptionsQuery.parse({ ...filters, limit: 2, ...(cursor ? { cursor } : {}) }) });
        expect(page.data.length).toBeLessThanOrEqual(2);
        seen.push(...page.data.map((s) => s.id));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return seen;
    };
    const seen = await walk({});
    expect(seen).toHaveLength(9);
    expect(new Set(seen)).toEqual(new Set([newest, ...sameMs, ...shared, oldest].map((s) => s.id)));
    expect(seen[0]).toBe(newest.id);
    expect(seen.slice(1, 3)).toEqual([sameMs[1]!.id, sameMs[0]!.id]);
    expect(seen.slice(3, 8).sort()).toEqual(shared.map((s) => s.id).sort());
    expect(seen.at(-1)).toBe(oldest.id);
    // A filter holds across pages.
    const canceled = await walk({ status: "canceled" });
    expect(canceled.sort()).toEqual(shared.filter((s) => s.status === "canceled").map((s) => s.id).sort());
    // The last page says so: no cursor to an empty page.
    const all = await listSubscriptions({ ctx: owner, input: listSubscriptionsQuery.parse({ limit: 9 }) });
    expect(all.data).toHaveLength(9);
    expect(all.nextCursor).toBeNull();
    // A cursor is only ever one the list gave out.
    for (const bad of ["2026-02-31T00:00:00.000000Z_" + newest.id, newest.id, "2026-01-01T00:00:00.123Z_" + newest.id]) {
      expect(listSubscriptionsQuery.safeParse({ cursor: bad }).success).toBe(false);
    }
    // Another organization's cursor shows nothing of this one.
    const stranger = await createOwner("subs-keyset-stranger");
    expect((await listSubscriptions({ ctx: stranger, input: listSubscriptionsQuery.parse({ cursor: all.data[0] && `2030-01-01T00:00:00.000000Z_${all.data[0].id}` }) })).data).toEqual([]);
  });
});
