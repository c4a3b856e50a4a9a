import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { db } from "@/db";
import { createDb, createSqlClient } from "@/db/client";
import { eventAttempts, subscriptions, subscriptionTimeline, webhookEvents } from "@/db/schema";
import { deliverStripeEvent, stripeSetup, storedEvent, stripeSubscription } from "../testing/fixtures";
import { claimWork } from "./claim-events";
import { settleBatch } from "./process-batch";
import { processEvent } from "./process-event";
import { drainEvents } from "./run-worker";

const policy = { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 };
const sub = (id: string, status: string) => stripeSubscription(id, status, { customer: `cus_${id}` });

const deliver = deliverStripeEvent;

/** A database client that counts the statements it sends (BEGIN and COMMIT included). */
function countingDb() {
  const counts = { statements: 0, commits: 0 };
  const client = createSqlClient({
    max: 4,
    debug: (_connection, query) => {
      counts.statements += 1;
      if (/^\s*commit/i.test(query)) counts.commits += 1;
    },
  });
  return { db: createDb(client), counts, end: () => client.end() };
}

describe("batched processing", () => {
  test("a claim of subscription states is written in one transaction with a handful of statements, exactly as one by one would", async () => {
    const setup = await stripeSetup();
    const org = setup.owner.organization.id;
    const base = 1_950_000_000;
    const ids: string[] = [];
    // 40 subscriptions created, then 10 of them updated twice: 60 events, three per subscription at most.
    for (let i = 0; i < 40; i += 1) ids.push(await deliver(setup, "customer.subscription.created", base + i, sub(`sub_batch_${i}_${setup.account.id}`, "incomplete")));
    for (let i = 0; i < 10; i += 1) ids.push(await deliver(setup, "customer.subscription.updated", base + 100 + i, sub(`sub_batch_${i}_${setup.account.id}`, "active")));
    for (let i = 0; i < 10; i += 1) ids.push(await deliver(setup, "customer.subscription.updated", base + 200 + i, sub(`sub_batch_${i}_${setup.account.id}`, "past_due")));

    const counting = countingDb();
    try {
      const outcomes = await drainEvents({ db: counting.db, concurrency: 64, name: "batch-worker", policy, organizationId: org });
      expect(outcomes).toHaveLength(60);
      expect(outcomes.every((o) => o === "processed")).toBe(true);
      // One by one, each event took about 14 statements and a commit of its own.
      expect(counting.counts.commits).toBeLessThanOrEqual(2);
      expect(counting.counts.statements).toBeLessThan(40);
    } finally {
      await counting.end();
    }

    const rows = await db.select().from(subscriptions).where(eq(subscriptions.connectionId, setup.connection.id));
    expect(rows).toHaveLength(40);
    const byId = new Map(rows.map((r) => [r.providerSubscriptionId, r]));
    expect(byId.get(`sub_batch_3_${setup.account.id}`)).toMatchObject({ status: "past_due", stateAt: new Date((base + 203) * 1000) });
    expect(byId.get(`sub_batch_30_${setup.account.id}`)).toMatchObject({ status: "incomplete", stateAt: new Date((base + 30) * 1000) });
    // The timeline reads as if the events had been applied one at a time, in provider order.
    const timeline = await db
      .select()
      .from(subscriptionTimeline)
      .where(eq(subscriptionTimeline.subscriptionId, byId.get(`sub_batch_3_${setup.account.id}`)!.id))
      .orderBy(subscriptionTimeline.occurredAt);
    expect(timeline.map((t) => [t.field, t.fromValue, t.toValue])).toEqual([
      ["status", null, "incomplete"],
      ["status", "incomplete", "active"],
      ["status", "active", "past_due"],
    ]);
    const events = await db.select().from(webhookEvents).where(inArray(webhookEvents.providerEventId, ids));
    expect(events.every((e) => e.status === "processed" && e.decision === "applied" && e.attempts === 1 && e.leaseOwner === null)).toBe(true);
    const attempts = await db.select().from(eventAttempts).where(inArray(eventAttempts.eventId, events.map((e) => e.id)));
    expect(attempts).toHaveLength(60);
    expect(attempts.every((a) => a.outcome === "processed" && a.finishedAt && a.logs.at(-1)?.message.includes("written together"))).toBe(true);
  });

  test("a state no newer than the one applied is leased for the one-event path (stale_skipped here; a same-second one re-fetches)", async () => {
    const setup = await stripeSetup();
    const org = setup.owner.organization.id;
    const s = `sub_batch_edge_${setup.account.id}`;
    await deliver(setup, "customer.subscription.created", 1_960_000_100, sub(s, "active"));
    await drainEvents({ db, concurrency: 64, name: "w", policy, organizationId: org });
    const stale = await deliver(setup, "customer.subscription.updated", 1_960_000_000, sub(s, "incomplete"));
    const newer = await deliver(setup, "customer.subscription.updated", 1_960_000_200, sub(s, "past_due"));
    const newest = await deliver(setup, "customer.subscription.updated", 1_960_000_300, sub(s, "active"));
    const { claimed, settled } = await claimWork(db, "planner", 64, 60_000, org, settleBatch(db, "planner"));
    // The newer states are settled by the claim itself; the stale one is leased, with its attempt open.
    expect(settled.map((x) => x.decision)).toEqual(["applied", "applied"]);
    expect(claimed.map((e) => e.providerEventId)).toEqual([stale]);
    expect(await storedEvent(newest)).toMatchObject({ status: "processed", decision: "applied", attempts: 1, leaseOwner: null });
    expect(await storedEvent(stale)).toMatchObject({ status: "processing", leaseOwner: "planner", attempts: 1 });
    expect(await processEvent(db, claimed[0]!, { worker: "planner", policy })).toBe("processed");
    expect(await storedEvent(stale)).toMatchObject({ status: "processed", decision: "stale_skipped" });
    expect(await storedEvent(newer)).toMatchObject({ status: "processed", decision: "applied" });
  });

  test("a batch that cannot be written rolls back to its savepoint: nothing of it stays, and the claim leases every event for the one-event path", async () => {
    const setup = await stripeSetup();
    const org = setup.owner.organization.id;
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push(await deliver(setup, "customer.subscription.created", 1_970_000_000 + i, sub(`sub_batch_fail_${i}_${setup.account.id}`, "active")));
    // The database refuses this organization's new subscriptions while the claim runs.
    const refused = sql.raw(`batch_refused_${org.replaceAll("-", "")}`);
    await db.execute(sql`alter table subscriptions add constraint ${refused} check (organization_id <> ${sql.raw(`'${org}'`)}) not valid`);
    const { claimed, settled } = await claimWork(db, "unlucky", 64, 60_000, org, settleBatch(db, "unlucky")).finally(() =>
      db.execute(sql`alter table subscriptions drop constraint ${refused}`),
    );
    expect(settled).toEqual([]);
    expect(claimed.map((e) => e.providerEventId)).toEqual(ids);
    expect(await db.select().from(subscriptions).where(eq(subscriptions.connectionId, setup.connection.id))).toEqual([]);
    const attempts = await db.select().from(eventAttempts).where(inArray(eventAttempts.eventId, claimed.map((e) => e.id)));
    expect(attempts.map((a) => [a.worker, a.finishedAt])).toEqual(ids.map(() => ["unlucky", null]));
    const outcomes = await Promise.all(claimed.map((event) => processEvent(db, event, { worker: "unlucky", policy })));
    expect(outcomes).toEqual(["processed", "processed", "processed"]);
    expect(await db.select().from(subscriptions).where(eq(subscriptions.connectionId, setup.connection.id))).toHaveLength(3);
  });
});
