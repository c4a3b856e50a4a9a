import { eq, inArray } from "drizzle-orm";
import { describe, expect, test, vi } from "vitest";
import { db } from "@/db";
import { eventPage } from "@/db/queries/exports";
import { archivedEvents, eventAttempts, webhookEvents, type WebhookEvent } from "@/db/schema";
import { seedAttempt, seedEvent } from "@/lib/observability/test-support";
import { createOwner } from "@/lib/testing/factories";
import { listEventsQuery } from "@/lib/validations/events";
import { getEvent } from "../events/get-event";
import { listEvents } from "../events/list-events";
import { deliverStripe, eventId, stripeEventBody, stripeSetup } from "../testing/fixtures";
import { archiveEvents, planArchive } from "./archive-events";

// Every test file shares one database, and the job archives every organization's events: these
// events are twenty years old and the retention is nineteen years, so only they qualify.
const longAgo = new Date(Date.now() - 20 * 365 * 86_400_000);
const retentionDays = 19 * 365;
const old = { providerCreatedAt: longAgo, receivedAt: longAgo, processedAt: longAgo };
const archiveAll = () => archiveEvents(db, { retentionDays, batchSize: 1_000, maxBatches: 1_000 });
const hotIds = async (ids: string[]) => (await db.select({ id: webhookEvents.id }).from(webhookEvents).where(inArray(webhookEvents.id, ids))).map((r) => r.id).sort();
const archived = (id: string) => db.select().from(archivedEvents).where(eq(archivedEvents.id, id)).then((r) => r[0]);

async function oldEvents() {
  const setup = await stripeSetup("archive");
  const seed = (values: Partial<WebhookEvent>) => seedEvent(setup.connection, { ...old, rawBody: JSON.stringify({ id: values.providerEventId ?? "x", body: "kept" }), ...values });
  const processed = await seed({ providerEventId: eventId(), status: "processed", decision: "applied", objectRefs: { subscription: "sub_archive" } });
  const ignored = await seed({ providerEventId: eventId(), status: "ignored", decision: "ignored", decisionNote: "unhandled_type" });
  const kept = {
    pending: await seed({ status: "pending", processedAt: null }),
    processing: await seed({ status: "processing", processedAt: null, leaseOwner: "w1", leaseExpiresAt: new Date(Date.now() + 60_000) }),
    failed: await seed({ status: "failed", processedAt: null }),
    dead: await seed({ status: "dead", processedAt: null }),
    // Settled but reprocessed recently: it stays hot until the retention has passed since then.
    reprocessed: await seed({ status: "processed", processedAt: new Date() }),
    recent: await seed({ status: "processed", providerCreatedAt: new Date(), receivedAt: new Date(), processedAt: new Date() }),
  };
  await seedAttempt(processed, "failed", new Date(longAgo.getTime() - 1_000));
  await seedAttempt(processed, "processed", longAgo);
  return { setup, processed, ignored, kept };
}

describe("archiving settled events past the retention", () => {
  test("moves exactly the settled old events with their attempts and raw body, once", async () => {
    const { processed, ignored, kept } = await oldEvents();
    const plan = await planArchive(db, { retentionDays });
    expect(plan.archivable).toBeGreaterThanOrEqual(2);
    expect(plan.kept).toMatchObject({ pending: expect.any(Number), dead: expect.any(Number) });

    const run = await archiveAll();
    expect(run.archived).toBeGreaterThanOrEqual(2);
    expect(run.more).toBe(false);
    expect(await hotIds([processed.id, ignored.id])).toEqual([]);
    expect(await db.select().from(eventAttempts).where(eq(eventAttempts.eventId, processed.id))).toEqual([]);
    const keptIds = Object.values(kept).map((e) => e.id);
    expect(await hotIds(keptIds)).toEqual([...keptIds].sort());

    const row = (await archived(processed.id))!;
    expect(row).toMatchObject({
      providerEventId: processed.providerEventId,
      organizationId: processed.organizationId,
      account: processed.account,
      status: "processed",
      decision: "applied",
      rawBody: processed.rawBody,
      objectRefs: { subscription: "sub_archive" },
      receivedAt: processed.receivedAt,
      deliveries: 1,
    });
    expect(row.attemptLog.map((a) => [a.outcome, a.startedAt])).toEqual([
      ["failed", new Date(longAgo.getTime() - 1_000).toISOString()],
      ["processed", longAgo.toISOString()],
    ]);
    expect(await archived(ignored.id)).toMatchObject({ status: "ignored", decisionNote: "unhandled_type", attemptLog: [] });

    // Idempotent: nothing left to move, nothing moved twice.
    expect(await archiveAll()).toMatchObject({ archived: 0, more: false });
    expect(await db.select().from(archivedEvents).where(inArray(archivedEvents.id, [processed.id, ignored.id]))).toHaveLength(2);
  });

  test("works in bounded batches and says when more is left", async () => {
    await archiveAll();
    const setup = await stripeSetup("archive-batches");
    const events = await Promise.all(Array.from({ length: 5 }, () => seedEvent(setup.connection, old)));
    const ids = events.map((e) => e.id);
    // Two batches of two: four of ours at most (other files' events are never this old).
    const first = await archiveEvents(db, { retentionDays, batchSize: 2, maxBatches: 2 });
    expect(first).toMatchObject({ archived: 4, batches: 2, more: true });
    expect(await hotIds(ids)).toHaveLength(1);
    expect(await archiveEvents(db, { retentionDays, batchSize: 2, maxBatches: 2 })).toMatchObject({ archived: 1, batches: 1, more: false });
    expect(await hotIds(ids)).toEqual([]);
  });

  test("an archived event's page and search read it from the archive, within its organization only", async () => {
    const { setup, processed } = await oldEvents();
    await archiveAll();
    const detail = await getEvent({ ctx: setup.owner, input: { eventId: processed.id } });
    expect(detail).toMatchObject({ id: processed.id, status: "processed", payload: processed.rawBody, leaseOwner: null, nextAttemptAt: null });
    expect(detail.archivedAt).not.toBeNull();
    expect(detail.attemptLog.map((a) => a.outcome)).toEqual(["failed", "processed"]);

    const search = await listEvents({ ctx: setup.owner, input: listEventsQuery.parse({ q: processed.providerEventId }) });
    expect(search.items).toEqual([]);
    expect(search.archived).toEqual([expect.objectContaining({ id: processed.id, providerEventId: processed.providerEventId, status: "processed" })]);

    const stranger = await createOwner("archive-stranger");
    await expect(getEvent({ ctx: stranger, input: { eventId: processed.id } })).rejects.toMatchObject({ code: "not_found" });
    expect((await listEvents({ ctx: stranger, input: listEventsQuery.parse({ q: processed.providerEventId }) })).archived).toEqual([]);
  });

  test("a provider's redelivery of an archived event is a duplicate: counted on the archive, nothing stored or queued", async () => {
    const { setup, processed } = await oldEvents();
    await archiveAll();
    const body = stripeEventBody({ id: processed.providerEventId, type: processed.type, account: setup.account.id, created: Math.floor(longAgo.getTime() / 1000), object: { id: "sub_archive" } });
    const answer = await deliverStripe(body, setup.secret);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ received: true, eventId: processed.id, duplicate: true });
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.providerEventId, processed.providerEventId))).toEqual([]);
    expect(await archived(processed.id)).toMatchObject({ deliveries: 2, rawBody: processed.rawBody, status: "processed" });

    // An old event the archive does not hold is stored as usual.
    const fresh = eventId();
    const stored = JSON.parse((await deliverStripe(stripeEventBody({ id: fresh, type: "customer.updated", account: setup.account.id, created: Math.floor(longAgo.getTime() / 1000), object: { id: "cus_1" } }), setup.secret)).body);
    expect(stored).toMatchObject({ duplicate: false });
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.providerEventId, fresh))).toHaveLength(1);
  });

  test("a copy stored again while its event was being archived is folded into the archived row", async () => {
    const { processed } = await oldEvents();
    await archiveAll();
    // What a redelivery racing the archiving transaction leaves: the same event in the inbox again.
    await db.insert(webhookEvents).values({ ...processed, id: undefined, deliveries: 1 });
    await archiveAll();
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.providerEventId, processed.providerEventId))).toEqual([]);
    expect(await db.select().from(archivedEvents).where(eq(archivedEvents.providerEventId, processed.providerEventId))).toEqual([
      expect.objectContaining({ id: processed.id, deliveries: 2 }),
    ]);
  });

  test("the accounting export's event pages include archived events, in order", async () => {
    const { setup, processed, kept } = await oldEvents();
    await archiveAll();
    const page = { organizationId: setup.owner.organization.id, mode: "test" as const, from: new Date(longAgo.getTime() - 1), to: new Date(longAgo.getTime() + 1), after: null, limit: 100 };
    const rows = await eventPage(db, page);
    expect(rows.map((r) => r.id)).toContain(processed.id);
    expect(rows.map((r) => r.id)).toContain(kept.dead.id);
    const keys = rows.map((r) => `${r.cursor}|${r.id}`);
    expect(keys).toEqual([...keys].sort());
    const second = await eventPage(db, { ...page, limit: 2 });
    const rest = await eventPage(db, { ...page, after: { cursor: second[1]!.cursor, id: second[1]!.id }, limit: 100 });
    expect([...second, ...rest].map((r) => r.id)).toEqual(rows.map((r) => r.id));
  });
});

describe("BEACON_EVENT_RETENTION_DAYS", () => {
  const load = async (value: string | undefined) => {
    vi.resetModules();
    vi.stubEnv("BEACON_EVENT_RETENTION_DAYS", value);
    try {
      return (await import("@/lib/env")).env.eventRetentionDays;
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  };

  test("defaults to 90 days, accepts off and whole numbers of at least 7, refuses the rest at startup", async () => {
    expect(await load(undefined)).toBe(90);
    expect(await load("off")).toBeNull();
    expect(await load("30")).toBe(30);
    for (const bad of ["3", "abc", "1.5", "-10", ""]) {
      await expect(load(bad), bad).rejects.toThrow(/BEACON_EVENT_RETENTION_DAYS: must be off or a whole number of days, at least 7/);
    }
  });
});

