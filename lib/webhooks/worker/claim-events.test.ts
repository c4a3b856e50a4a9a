import { eq, inArray } from "drizzle-orm";
import { expect, inject, test } from "vitest";
import { db } from "@/db";
import { webhookEvents } from "@/db/schema";
import { createOwner } from "@/lib/testing/factories";
import { lockSubscriptionKeys } from "@/lib/subscriptions/lock-subscription-key";
import { deliverStripeEvent, eventId, stripeEventBody, stripeSetup, stripeSubscription } from "../testing/fixtures";
import { claimEvents } from "./claim-events";

const event = (organizationId: string, created: number, extra: Partial<typeof webhookEvents.$inferInsert> = {}) => {
  const id = eventId();
  const object = { id: `sub_${id}`, object: "subscription", status: "active" };
  return {
    provider: "stripe" as const,
    mode: "test" as const,
    account: "acct_fair",
    providerEventId: id,
    type: "customer.subscription.updated",
    organizationId,
    providerCreatedAt: new Date(created * 1000),
    rawBody: stripeEventBody({ id, type: "customer.subscription.updated", account: "acct_fair", created, object }),
    ...extra,
  };
};

test("a due retry and an expired lease are claimed at the next poll, not after thousands of pending events", { timeout: 120_000 }, async () => {
  const { organization } = await createOwner("fair-claims");
  const pending = Array.from({ length: 3_000 }, (_, i) => event(organization.id, 1_900_000_000 + i));
  for (let i = 0; i < pending.length; i += 500) await db.insert(webhookEvents).values(pending.slice(i, i + 500));
  const [retry] = await db
    .insert(webhookEvents)
    .values(event(organization.id, 1_950_000_000, { status: "failed", attempts: 1, nextAttemptAt: new Date(Date.now() - 1_000), lastError: "provider timed out" }))
    .returning();
  const [expired] = await db
    .insert(webhookEvents)
    .values(event(organization.id, 1_950_000_001, { status: "processing", attempts: 1, leaseOwner: "dead-worker", leaseExpiresAt: new Date(Date.now() - 1_000) }))
    .returning();

  const claimed = await claimEvents(db, "fair-worker", 4, 60_000, organization.id);
  expect(claimed).toHaveLength(4);
  expect(claimed.map((e) => e.id)).toEqual(expect.arrayContaining([retry!.id, expired!.id]));
  // The other half of the slots still goes to new events, oldest first: retries cannot starve them either.
  expect(claimed.filter((e) => e.providerEventId.startsWith("evt_test_")).map((e) => e.providerCreatedAt)).toContainEqual(pending[0]!.providerCreatedAt);

  const rows = await db.select().from(webhookEvents).where(inArray(webhookEvents.id, [retry!.id, expired!.id]));
  expect(rows.every((r) => r.status === "processing" && r.leaseOwner === "fair-worker" && r.attempts === 2)).toBe(true);

  // A claim of one slot takes the due retry before any of the 2,999 pending.
  await db.update(webhookEvents).set({ status: "failed", leaseOwner: null, nextAttemptAt: new Date(Date.now() - 1_000) }).where(eq(webhookEvents.id, retry!.id));
  expect((await claimEvents(db, "fair-worker", 1, 60_000, organization.id)).map((e) => e.id)).toEqual([retry!.id]);
});

// Two transactions at once: the embedded database serves one connection at a time.
test.runIf(inject("databaseKind") === "postgresql")("a claim passes over the events of a subscription another worker is writing, and takes them once it commits", async () => {
  const setup = await stripeSetup();
  const org = setup.owner.organization.id;
  const busy = `sub_busy_${setup.account.id}`;
  const busyEvent = await deliverStripeEvent(setup, "customer.subscription.updated", 1_980_000_000, stripeSubscription(busy, "active"));
  const freeEvent = await deliverStripeEvent(setup, "customer.subscription.updated", 1_980_000_001, stripeSubscription(`sub_free_${setup.account.id}`, "active"));
  let release!: () => void;
  const released = new Promise<void>((done) => (release = done));
  let ready!: () => void;
  const locked = new Promise<void>((done) => (ready = done));
  const writer = db.transaction(async (tx) => {
    await lockSubscriptionKeys(tx, [{ connectionId: setup.connection.id, providerSubscriptionId: busy }]);
    ready();
    await released;
  });
  await locked;
  // Not queued behind the writer: the busy subscription's event stays pending for a later claim.
  expect((await claimEvents(db, "other-worker", 10, 60_000, org)).map((e) => e.providerEventId)).toEqual([freeEvent]);
  release();
  await writer;
  expect((await claimEvents(db, "other-worker", 10, 60_000, org)).map((e) => e.providerEventId)).toEqual([busyEvent]);
});
