import { and, eq, isNotNull } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { db } from "@/db";
import { auditLog, eventAttempts, subscriptions, subscriptionTimeline, webhookEvents } from "@/db/schema";
import { createMember } from "@/lib/testing/factories";
import { reprocessEvent } from "../events/reprocess-event";
import { conektaSetup, deliverConekta, deliverStripeEvent, eventId, stripeSetup, storedEvent, stripeSubscription } from "../testing/fixtures";
import { createPrice, subscribeInSandbox } from "../testing/sandbox-billing";
import { claimEvents } from "./claim-events";
import { processEvent } from "./process-event";
import { drainEvents } from "./run-worker";

const policy = { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 };
const sub = stripeSubscription;

const deliver = deliverStripeEvent;

const drain = (organizationId: string, name = "test-worker", concurrency = 4) => drainEvents({ db, concurrency, name, policy, organizationId });

describe("processing order", () => {
  test("an older event arriving late is stale-skipped: the state never regresses", async () => {
    const setup = await stripeSetup();
    const org = setup.owner.organization.id;
    const updated = await deliver(setup, "customer.subscription.updated", 2_000_000_000, sub("sub_ooo", "canceled", { canceled_at: 1_999_999_000 }));
    await drain(org);
    const created = await deliver(setup, "customer.subscription.created", 1_999_000_000, sub("sub_ooo", "incomplete"));
    await drain(org);
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.providerSubscriptionId, "sub_ooo"));
    expect(row).toMatchObject({ status: "canceled", providerStatus: "canceled", stateAt: new Date(2_000_000_000_000) });
    expect(await storedEvent(updated)).toMatchObject({ status: "processed", decision: "applied" });
    expect(await storedEvent(created)).toMatchObject({ status: "processed", decision: "stale_skipped" });
    const timeline = await db.select().from(subscriptionTimeline).where(eq(subscriptionTimeline.subscriptionId, row!.id));
    expect(timeline.map((t) => [t.field, t.toValue, t.sourceRef])).toEqual([["status", "canceled", updated]]);
  });

  test("a same-second tie re-fetches the subscription from the provider", async () => {
    const setup = await stripeSetup();
    const price = await createPrice(setup.account.id);
    const { subscriptionId, customerId } = await subscribeInSandbox(setup.account.id, price.id);
    const t = Math.floor(Date.now() / 1000);
    await deliver(setup, "customer.subscription.updated", t, sub(subscriptionId, "past_due", { customer: customerId }));
    await drain(setup.owner.organization.id);
    const tie = await deliver(setup, "customer.subscription.created", t, sub(subscriptionId, "incomplete", { customer: customerId }));
    await drain(setup.owner.organization.id);
    expect(await storedEvent(tie)).toMatchObject({ decision: "refetched" });
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.providerSubscriptionId, subscriptionId));
    expect(row).toMatchObject({ status: "active", providerStatus: "active" });
    const [attempt] = await db.select().from(eventAttempts).where(eq(eventAttempts.eventId, (await storedEvent(tie))!.id));
    expect(attempt!.logs.map((l) => l.message).join("\n")).toContain("re-fetching");
  });
});

describe("workers", () => {
  test("two workers draining at once process every event exactly once", async () => {
    const setup = await stripeSetup();
    const ids = [];
    for (let i = 0; i < 30; i += 1) ids.push(await deliver(setup, "customer.subscription.created", 1_900_000_000 + i, sub(`sub_pair_${i}_${setup.account.id}`, "active")));
    const [a, b] = await Promise.all([drain(setup.owner.organization.id, "worker-a", 3), drain(setup.owner.organization.id, "worker-b", 3)]);
    expect(a!.length + b!.length).toBe(30);
    const events = await db.select().from(webhookEvents).where(eq(webhookEvents.organizationId, setup.owner.organization.id));
    expect(events.every((e) => e.status === "processed" && e.attempts === 1)).toBe(true);
    const attempts = await db.select().from(eventAttempts).where(eq(eventAttempts.outcome, "processed"));
    const mine = attempts.filter((x) => events.some((e) => e.id === x.eventId));
    expect(mine).toHaveLength(30);
    expect(new Set(mine.map((x) => x.eventId)).size).toBe(30);
  });

  test("two workers with many slots never apply two events of one subscription at once: each applied state follows the one before", async () => {
    const setup = await stripeSetup();
    const org = setup.owner.organization.id;
    const subId = `sub_order_${setup.account.id}`;
    const statuses = ["active", "past_due", "active", "unpaid", "active", "past_due", "canceled", "active", "past_due", "active", "unpaid", "canceled"];
    // Delivered out of order (odd seconds first, then even), so most are processed concurrently with a neighbour.
    const order = statuses.map((_, i) => i).sort((a, b) => (a % 2) - (b % 2) || b - a);
    for (const i of order) await deliver(setup, "customer.subscription.updated", 1_960_000_000 + i * 10, sub(subId, statuses[i]!, { canceled_at: null }));
    const [a, b] = await Promise.all([drain(org, "order-a", 8), drain(org, "order-b", 8)]);
    expect([...a!, ...b!].filter((o) => o === "processed")).toHaveLength(statuses.length);
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.providerSubscriptionId, subId));
    expect(row).toMatchObject({ status: "canceled", stateAt: new Date((1_960_000_000 + (statuses.length - 1) * 10) * 1000) });
    // A state applied concurrently with another would read the same "before" as it: the chain would fork
    // (two rows from one value), or an older state would land after a newer one.
    const timeline = await db.select().from(subscriptionTimeline).where(and(eq(subscriptionTimeline.subscriptionId, row!.id), eq(subscriptionTimeline.field, "status"))).orderBy(subscriptionTimeline.id);
    for (let i = 1; i < timeline.length; i += 1) {
      expect(timeline[i]!.fromValue).toBe(timeline[i - 1]!.toValue);
      expect(timeline[i]!.occurredAt.getTime()).toBeGreaterThan(timeline[i - 1]!.occurredAt.getTime());
    }
    expect(timeline.at(-1)!.toValue).toBe("canceled");
  });

  test("a worker killed mid-event loses its lease; another takes over and the zombie commits nothing", async () => {
    const setup = await stripeSetup();
    const org = setup.owner.organization.id;
    const id = await deliver(setup, "customer.subscription.created", 1_950_000_000, sub(`sub_kill_${setup.account.id}`, "active"));
    const [claimed] = await claimEvents(db, "doomed", 1, 60_000, org);
    expect(claimed!.providerEventId).toBe(id);
    // Its claim opened the attempt; then it died: no finish, lease left to expire.
    expect(await drain(org)).toEqual([]);
    await db.update(webhookEvents).set({ leaseExpiresAt: new Date(Date.now() - 1_000) }).where(eq(webhookEvents.id, claimed!.id));
    expect(await drain(org, "rescuer")).toEqual(["processed"]);
    expect(await processEvent(db, claimed!, { worker: "doomed", policy })).toBe("lease_lost");
    const attempts = await db.select().from(eventAttempts).where(eq(eventAttempts.eventId, claimed!.id)).orderBy(eventAttempts.id);
    // One row per attempt: the rescuer's claim closed the doomed one, and the zombie, back, says what became of it.
    expect(attempts.map((a) => [a.worker, a.outcome])).toEqual([
      ["doomed", "failed"],
      ["rescuer", "processed"],
    ]);
    expect(attempts[0]!.error).toBe("Lease lost to another worker; nothing committed");
    expect(await storedEvent(id)).toMatchObject({ status: "processed", attempts: 2 });
    const timeline = await db
      .select()
      .from(subscriptionTimeline)
      .innerJoin(subscriptions, eq(subscriptions.id, subscriptionTimeline.subscriptionId))
      .where(eq(subscriptions.providerSubscriptionId, `sub_kill_${setup.account.id}`));
    expect(timeline).toHaveLength(1);
  });

  test("a failing event retries with backoff, then is parked dead; an admin reprocess is audited", async () => {
    const setup = await stripeSetup();
    const org = setup.owner.organization.id;
    const id = await deliver(setup, "customer.subscription.updated", 1_950_000_000, sub(`sub_bad_${setup.account.id}`, "mystery_status"));
    expect(await drain(org)).toEqual(["failed", "failed", "dead"]);
    const dead = await storedEvent(id);
    expect(dead).toMatchObject({ status: "dead", attempts: 3, lastError: expect.stringContaining("mystery_status") });
    const attempts = await db.select().from(eventAttempts).where(eq(eventAttempts.eventId, dead!.id)).orderBy(eventAttempts.id);
    expect(attempts.map((a) => a.outcome)).toEqual(["failed", "failed", "dead"]);
    expect(attempts.every((a) => a.durationMs !== null && a.logs.some((l) => l.level === "error"))).toBe(true);

    const viewer = await createMember(setup.owner, "viewer");
    await expect(reprocessEvent({ ctx: viewer, input: { eventId: dead!.id } })).rejects.toMatchObject({ code: "forbidden" });
    const again = await reprocessEvent({ ctx: setup.owner, input: { eventId: dead!.id } });
    expect(again).toMatchObject({ outcome: "dead", status: "dead" });
    const [manual] = await db
      .select()
      .from(eventAttempts)
      .where(and(eq(eventAttempts.eventId, dead!.id), isNotNull(eventAttempts.requestedBy)));
    expect(manual!.requestedBy).toContain("@");
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.organizationId, org), eq(auditLog.action, "webhook_event.reprocessed")));
    expect(audit).toHaveLength(1);
  });

  test("a re-fetch the provider answers with 404 settles the event as ignored at once, with the reason", async () => {
    const setup = await stripeSetup();
    const gone = `sub_gone_${setup.account.id}`;
    await deliver(setup, "customer.subscription.updated", 1_950_000_000, sub(gone, "active"));
    expect(await drain(setup.owner.organization.id)).toEqual(["processed"]);
    // Same second as the applied state: the worker re-fetches, and the sandbox has no such subscription.
    const tie = await deliver(setup, "customer.subscription.updated", 1_950_000_000, sub(gone, "past_due"));
    expect(await drain(setup.owner.organization.id)).toEqual(["ignored"]);
    const stripeEvent = await storedEvent(tie);
    expect(stripeEvent).toMatchObject({ status: "ignored", decision: "ignored", attempts: 1, lastError: null });
    expect(stripeEvent!.decisionNote).toBe(`Not applied: Stripe has no subscription ${gone} (404) on re-fetch; the subscription no longer exists at the provider, so retrying cannot help`);
    const [attempt] = await db.select().from(eventAttempts).where(eq(eventAttempts.eventId, stripeEvent!.id));
    expect(attempt).toMatchObject({ outcome: "ignored", error: null });
    expect(attempt!.logs.some((l) => l.message.includes("no longer exists at the provider"))).toBe(true);
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.providerSubscriptionId, gone));
    expect(row!.status).toBe("active");

    // Conekta: the same through its SDK and the sandbox (a subscription under a customer it does not have).
    const conekta = await conektaSetup();
    const conektaSub = { id: `sub_gone_${conekta.connection.id}`, object: "subscription", status: "active", customer_id: "cus_gone", plan_id: "plan_x" };
    const conektaBody = (status: string) =>
      JSON.stringify({ id: eventId(""), object: "event", type: "subscription.updated", created_at: 1_950_000_000, livemode: false, data: { object: { ...conektaSub, status } } });
    for (const status of ["active", "past_due"]) {
      const body = conektaBody(status);
      expect((await deliverConekta(conekta.connection.id, body, conekta.digest(body))).status).toBe(200);
      await drain(conekta.owner.organization.id);
    }
    const [conektaEvent] = await db.select().from(webhookEvents).where(and(eq(webhookEvents.connectionId, conekta.connection.id), eq(webhookEvents.status, "ignored")));
    expect(conektaEvent).toMatchObject({ decision: "ignored", attempts: 1, decisionNote: expect.stringContaining(`Conekta has no subscription ${conektaSub.id} (404)`) });
  });

  test("reprocessing a processed event re-applies nothing older than the state", async () => {
    const setup = await stripeSetup();
    const org = setup.owner.organization.id;
    const first = await deliver(setup, "customer.subscription.created", 1_950_000_000, sub(`sub_rp_${setup.account.id}`, "active"));
    await deliver(setup, "customer.subscription.updated", 1_950_000_100, sub(`sub_rp_${setup.account.id}`, "canceled"));
    await drain(org);
    const event = await storedEvent(first);
    const result = await reprocessEvent({ ctx: setup.owner, input: { eventId: event!.id } });
    expect(result).toMatchObject({ outcome: "processed", decision: "stale_skipped" });
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.providerSubscriptionId, `sub_rp_${setup.account.id}`));
    expect(row!.status).toBe("canceled");
  });
});
