import { inArray } from "drizzle-orm";
import { expect, test } from "vitest";
import { db } from "@/db";
import { webhookEvents } from "@/db/schema";
import { eventId } from "../testing/fixtures";
import { InboxWriter, type InboxRow } from "./inbox-writer";

const row = (providerEventId: string, extra: Partial<InboxRow> = {}): InboxRow => ({
  provider: "stripe",
  mode: "test",
  account: "acct_inbox_writer",
  providerEventId,
  type: "invoice.paid",
  providerCreatedAt: new Date("2026-11-20T10:00:00.000Z"),
  rawBody: JSON.stringify({ id: providerEventId, note: 'quotes " and \\ backslashes survive' }),
  objectRefs: { invoice: "in_1" },
  ...extra,
});

test("deliveries arriving together share statements; each is answered with its own row and copies are counted once", async () => {
  const writer = new InboxWriter(db);
  const ids = Array.from({ length: 40 }, () => eventId());
  const ignoredAt = new Date("2026-11-20T11:00:00.000Z");
  const results = await Promise.all([
    ...ids.map((id, i) => writer.write(row(id, i === 0 ? { status: "ignored", decision: "ignored", decisionNote: "unclaimed", processedAt: ignoredAt } : {}))),
    writer.write(row(ids[1]!)),
  ]);
  expect(results.filter((r) => r.inserted)).toHaveLength(40);
  expect(results.at(-1)!).toEqual({ eventId: results[1]!.eventId, inserted: false });
  const stored = await db.select().from(webhookEvents).where(inArray(webhookEvents.providerEventId, ids));
  expect(stored).toHaveLength(40);
  const byId = new Map(stored.map((s) => [s.providerEventId, s]));
  expect(byId.get(ids[1]!)!.deliveries).toBe(2);
  expect(byId.get(ids[0]!)).toMatchObject({ status: "ignored", decisionNote: "unclaimed", processedAt: ignoredAt, deliveries: 1 });
  expect(byId.get(ids[2]!)).toMatchObject({
    status: "pending",
    providerCreatedAt: new Date("2026-11-20T10:00:00.000Z"),
    objectRefs: { invoice: "in_1" },
    rawBody: row(ids[2]!).rawBody,
  });
});

test("one row the database refuses fails only its own delivery", async () => {
  const writer = new InboxWriter(db);
  const good = [eventId(), eventId()];
  const results = await Promise.allSettled([
    writer.write(row(good[0]!)),
    writer.write(row(eventId(), { mode: "bogus" as never })),
    writer.write(row(good[1]!)),
  ]);
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(await db.select().from(webhookEvents).where(inArray(webhookEvents.providerEventId, good))).toHaveLength(2);
});

test("a provider's redelivery of an event parked as dead puts it back in the queue; other redeliveries only count", async () => {
  const writer = new InboxWriter(db);
  const [dead, processed] = [eventId(), eventId()];
  await Promise.all([writer.write(row(dead)), writer.write(row(processed))]);
  const parkedUntil = new Date("2099-01-01T00:00:00.000Z");
  await db.update(webhookEvents).set({ status: "dead", attempts: 8, lastError: "provider down", nextAttemptAt: parkedUntil }).where(inArray(webhookEvents.providerEventId, [dead]));
  await db.update(webhookEvents).set({ status: "processed", attempts: 1 }).where(inArray(webhookEvents.providerEventId, [processed]));
  const again = await Promise.all([writer.write(row(dead)), writer.write(row(processed))]);
  expect(again.map((r) => r.inserted)).toEqual([false, false]);
  const byId = new Map((await db.select().from(webhookEvents).where(inArray(webhookEvents.providerEventId, [dead, processed]))).map((s) => [s.providerEventId, s]));
  expect(byId.get(dead)).toMatchObject({ status: "pending", deliveries: 2, attempts: 8, lastError: "provider down" });
  expect(byId.get(dead)!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
  expect(byId.get(processed)).toMatchObject({ status: "processed", deliveries: 2 });
});
