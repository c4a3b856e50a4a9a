import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { db } from "@/db";
import { auditLog, eventAttempts, subscriptions, subscriptionTimeline, webhookEvents } from "@/db/schema";
import { createMember } from "@/lib/testing/factories";
import { replayFilterInput } from "@/lib/validations/replay";
import { deliverStripe, eventId, stripeEventBody, stripeSetup, storedEvent } from "../testing/fixtures";
import { createPrice, subscribeInSandbox } from "../testing/sandbox-billing";
import { drainEvents } from "../worker/run-worker";
import { getReplay } from "./get-replay";
import { planReplay } from "./plan-replay";
import { runReplay } from "./run-replay";

const policy = { maxAttempts: 8, baseDelayMs: 0, maxDelayMs: 0 };
const filter = (input: Record<string, unknown>) => replayFilterInput.parse(input);
const sub = (id: string, status: string) => ({ id, object: "subscription", customer: "cus_replay", status, cancel_at_period_end: false, canceled_at: null, trial_end: null, items: { object: "list", data: [] } });

async function deliver(setup: Awaited<ReturnType<typeof stripeSetup>>, type: string, created: number, object: Record<string, unknown>) {
  const id = eventId();
  expect((await deliverStripe(stripeEventBody({ id, type, account: setup.account.id, created, object }), setup.secret)).status).toBe(200);
  return id;
}

/** Parks events as the worker would after its last attempt failed. */
const park = (ids: string[]) => db.update(webhookEvents).set({ status: "dead", attempts: 8, lastError: "provider down" }).where(inArray(webhookEvents.providerEventId, ids));

describe("replay by filter", () => {
  test("the plan counts the selected events per type and says what each would do now; running it queues them and the workers apply each once", async () => {
    const setup = await stripeSetup("replay");
    const org = setup.owner.organization.id;
    const notDead = await deliver(setup, "customer.subscription.created", 1_900_000_020, sub(`sub_replay_live_${setup.account.id}`, "active"));
    await drainEvents({ db, concurrency: 1, name: "replay-first", policy, organizationId: org });
    const subs = await Promise.all([1, 2, 3].map((i) => deliver(setup, "customer.subscription.created", 1_900_000_000 + i, sub(`sub_replay_${i}_${setup.account.id}`, "active"))));
    const unknown = await deliver(setup, "invoice.draft.paid", 1_900_000_010, { id: "in_x", object: "invoice" });
    await park([...subs, unknown]);
    const other = await stripeSetup("replay-other");
    const foreign = await deliver(other, "customer.subscription.created", 1_900_000_030, sub(`sub_foreign_${other.account.id}`, "active"));
    await park([foreign]);

    const plan = await planReplay({ ctx: setup.owner, input: filter({ status: "dead" }) });
    expect(plan.total).toBe(4);
    expect(plan.types).toEqual([
      expect.objectContaining({ provider: "stripe", type: "customer.subscription.created", count: 3, action: { outcome: "handled", handlers: ["subscription"] } }),
      expect.objectContaining({ provider: "stripe", type: "invoice.draft.paid", count: 1, action: { outcome: "ignored", reason: expect.stringContaining("No handler for Stripe event type invoice.draft.paid") } }),
    ]);
    // Planning changed nothing.
    expect((await storedEvent(subs[0]!))!.status).toBe("dead");
    expect((await planReplay({ ctx: setup.owner, input: filter({ status: "dead", type: "customer.subscription" }) })).total).toBe(3);
    expect((await planReplay({ ctx: setup.owner, input: filter({ status: "dead", objectId: `sub_replay_2_${setup.account.id}` }) })).total).toBe(1);

    const run = await runReplay({ ctx: setup.owner, input: filter({ status: "dead" }) });
    expect(run.queued).toBe(4);
    expect((await getReplay({ ctx: setup.owner, input: { replayId: run.replayId } })).byStatus.pending).toBe(4);
    // Two workers and a provider redelivery race for the same events: each is applied once.
    await Promise.all([
      drainEvents({ db, concurrency: 2, name: "replay-a", policy, organizationId: org }),
      drainEvents({ db, concurrency: 2, name: "replay-b", policy, organizationId: org }),
      deliverStripe(stripeEventBody({ id: subs[0], type: "customer.subscription.created", account: setup.account.id, created: 1_900_000_001, object: sub(`sub_replay_1_${setup.account.id}`, "active") }), setup.secret),
    ]);
    await drainEvents({ db, concurrency: 2, name: "replay-c", policy, organizationId: org });
    const progress = await getReplay({ ctx: setup.owner, input: { replayId: run.replayId } });
    expect(progress).toMatchObject({ queued: 4, settled: 4, done: true, byStatus: { processed: 3, ignored: 1, dead: 0, pending: 0 }, byDecision: { applied: 3, ignored: 1 } });
    for (const id of subs) {
      const event = (await storedEvent(id))!;
      const processed = await db.select().from(eventAttempts).where(and(eq(eventAttempts.eventId, event.id), eq(eventAttempts.outcome, "processed")));
      expect(processed).toHaveLength(1);
    }
    const rows = await db.select().from(subscriptions).where(eq(subscriptions.organizationId, org));
    expect(rows).toHaveLength(4);
    const timeline = await db.select().from(subscriptionTimeline).where(inArray(subscriptionTimeline.subscriptionId, rows.map((r) => r.id)));
    expect(timeline.filter((t) => t.field === "status")).toHaveLength(4);
    // Other statuses and other organizations were not touched.
    expect(await storedEvent(notDead)).toMatchObject({ status: "processed", attempts: 1 });
    expect((await storedEvent(foreign))!.status).toBe("dead");
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.organizationId, org), eq(auditLog.action, "webhook_events.replayed")));
    expect(audit).toMatchObject({ targetId: run.replayId, metadata: { mode: "test", filter: { status: "dead" }, queued: 4 } });
  });

  test("replaying an event whose change is already applied changes nothing more: the single writer re-fetches and writes no second change", async () => {
    const setup = await stripeSetup("replay-dup");
    const org = setup.owner.organization.id;
    const price = await createPrice(setup.account.id);
    const { subscriptionId, customerId } = await subscribeInSandbox(setup.account.id, price.id);
    const id = await deliver(setup, "customer.subscription.created", Math.floor(Date.now() / 1000), { ...sub(subscriptionId, "active"), customer: customerId });
    await drainEvents({ db, concurrency: 1, name: "dup-1", policy, organizationId: org });
    await db.update(webhookEvents).set({ status: "failed", lastError: "timeout after apply" }).where(eq(webhookEvents.providerEventId, id));
    const run = await runReplay({ ctx: setup.owner, input: filter({ status: "failed" }) });
    expect(run.queued).toBe(1);
    await drainEvents({ db, concurrency: 1, name: "dup-2", policy, organizationId: org });
    // The same provider time as the applied state: the writer re-fetches, finds nothing new, writes nothing.
    expect(await storedEvent(id)).toMatchObject({ status: "processed", decision: "refetched" });
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.organizationId, org));
    expect((await db.select().from(subscriptionTimeline).where(and(eq(subscriptionTimeline.subscriptionId, row!.id), eq(subscriptionTimeline.field, "status"))))).toHaveLength(1);
  });

  test("only admins plan and run replays; a replay of another organization is not found", async () => {
    const setup = await stripeSetup("replay-roles");
    const viewer = await createMember(setup.owner, "viewer");
    await expect(planReplay({ ctx: viewer, input: filter({ status: "dead" }) })).rejects.toMatchObject({ code: "forbidden" });
    await expect(runReplay({ ctx: viewer, input: filter({ status: "dead" }) })).rejects.toMatchObject({ code: "forbidden" });
    const run = await runReplay({ ctx: setup.owner, input: filter({ status: "dead" }) });
    expect(run.queued).toBe(0);
    const other = await stripeSetup("replay-roles-other");
    await expect(getReplay({ ctx: other.owner, input: { replayId: run.replayId } })).rejects.toMatchObject({ code: "not_found" });
  });

  test("the filter refuses what it cannot select", () => {
    expect(replayFilterInput.safeParse({}).success).toBe(false);
    expect(replayFilterInput.safeParse({ status: "processed" }).success).toBe(false);
    expect(replayFilterInput.safeParse({ status: "dead", from: "2026-02-01", to: "2026-01-01" }).success).toBe(false);
    expect(replayFilterInput.safeParse({ status: "dead", extra: 1 }).success).toBe(false);
  });
});
