import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { rollUpEvents } from "@/db/queries/event-rollups";
import { eventAttempts, eventHourlyRollups, eventRollupMarks, webhookEvents, type Mode } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import { createOwner } from "@/lib/testing/factories";
import { getObservability } from "./get-observability";
import { lagPercentile } from "./lag-histogram";
import { seedAttempt, seedConnection, seedEvent } from "./test-support";

const HOUR = 3_600_000;

/** The chart's figures straight from the inbox, as Observability computed them before rollups. */
async function direct(ctx: OrgContext, mode: Mode, from: Date, step: number) {
  const org = ctx.organization.id;
  const f = from.toISOString();
  const bucket = (column: string) => sql.raw(`floor(extract(epoch from (${column} - '${f}'::timestamptz)) / ${step})::int`);
  const lag = sql`greatest(0, extract(epoch from (processed_at - provider_created_at)))`;
  const [received, processed, failures] = await Promise.all([
    db.execute<{ b: number; n: number; d: number }>(sql`select ${bucket("received_at")} as b, count(*)::int as n, sum(deliveries)::int as d
      from webhook_events where organization_id = ${org} and mode = ${mode} and received_at >= ${f}::timestamptz group by 1`),
    db.execute<{ b: number; n: number; avg: string; p95: string }>(sql`select ${bucket("processed_at")} as b, count(*)::int as n, avg(${lag}) as avg,
      percentile_cont(0.95) within group (order by ${lag}) as p95
      from webhook_events where organization_id = ${org} and mode = ${mode} and processed_at >= ${f}::timestamptz group by 1`),
    db.execute<{ b: number; n: number }>(sql`select ${bucket("a.started_at")} as b, count(*)::int as n
      from event_attempts a join webhook_events e on e.id = a.event_id
      where e.organization_id = ${org} and e.mode = ${mode} and a.outcome in ('failed', 'dead') and a.started_at >= ${f}::timestamptz group by 1`),
  ]);
  return { received, processed, failures };
}

/** Every bucket of the 24h and 7d charts equals the direct answer; the p95 within its documented 9.05%. */
async function expectExact(ctx: OrgContext, mode: Mode, now: Date) {
  for (const range of ["24h", "7d"] as const) {
    const chart = await getObservability({ ctx, mode, range, now });
    const from = new Date(chart.series[0]!.start);
    const { received, processed, failures } = await direct(ctx, mode, from, chart.stepSeconds);
    chart.series.forEach((b, i) => {
      const r = received.find((x) => x.b === i);
      const p = processed.find((x) => x.b === i);
      const where = `${range} bucket ${b.start}`;
      expect({ where, received: b.received, deliveries: b.deliveries, processed: b.processed, failures: b.failures }).toEqual({
        where,
        received: r?.n ?? 0,
        deliveries: r?.d ?? 0,
        processed: p?.n ?? 0,
        failures: failures.find((x) => x.b === i)?.n ?? 0,
      });
      if (!p) return expect(b.lagAvgSeconds, where).toBeNull();
      expect(b.lagAvgSeconds, where).toBeCloseTo(Number(p.avg), 6);
      expect(Math.abs(b.lagP95Seconds! - Number(p.p95)), where).toBeLessThanOrEqual(0.0905 * Number(p.p95) + 1e-3);
    });
  }
}

describe("Observability's hourly rollups", () => {
  it("answer as the inbox does, after late processing, replays, redeliveries, routing, late failures and deletes", async () => {
    const ctx = await createOwner("rollups");
    const stripe = await seedConnection(ctx);
    const live = await seedConnection(ctx, { mode: "live" });
    const now = new Date();
    const hour = Math.floor(now.getTime() / HOUR) * HOUR;
    const at = (hoursAgo: number, minute = 0) => new Date(hour - hoursAgo * HOUR + minute * 60_000);

    // Spread over three days: lags from milliseconds to a day (processed long after receipt).
    const events = [];
    for (let h = 1; h <= 72; h += 5) {
      for (const [minute, lagSeconds] of [[3, 0.0004], [17, 2.5], [41, 95], [58, 4000]] as const) {
        const receivedAt = at(h, minute);
        events.push(await seedEvent(stripe, { receivedAt, providerCreatedAt: new Date(receivedAt.getTime() - 1000), processedAt: new Date(receivedAt.getTime() - 1000 + lagSeconds * 1000), deliveries: 1 + (h % 3) }));
      }
    }
    const late = await seedEvent(stripe, { receivedAt: at(30, 10), providerCreatedAt: at(30, 9), processedAt: at(3, 20) });
    const pending = await seedEvent(stripe, { receivedAt: at(5, 5), processedAt: null, status: "pending" });
    await seedEvent(live, { receivedAt: at(4, 4), processedAt: at(4, 5) });
    for (const [i, e] of events.slice(0, 6).entries()) await seedAttempt(e, i % 2 ? "failed" : "dead", new Date(e.receivedAt.getTime() + 30_000));
    // An event of an account no connection claimed yet: nobody's until the worker routes it.
    const stray = await seedEvent(stripe, { organizationId: null, receivedAt: at(8, 30), processedAt: null, status: "pending" });
    // This hour's events: always read live.
    await seedEvent(stripe, { receivedAt: at(0), providerCreatedAt: at(0), processedAt: now });

    await expectExact(ctx, "test", now);
    await expectExact(ctx, "live", now);
    await rollUpEvents(db);
    const stored = await db.select().from(eventHourlyRollups).where(eq(eventHourlyRollups.organizationId, ctx.organization.id));
    expect(stored.length).toBeGreaterThan(20);
    await expectExact(ctx, "test", now);
    // The chart reads the stored hours: an altered row shows (then is put back).
    const key = eq(eventHourlyRollups.organizationId, ctx.organization.id);
    const before = (await getObservability({ ctx, mode: "test", range: "24h", now })).totals.received;
    await db.update(eventHourlyRollups).set({ received: sql`${eventHourlyRollups.received} + 1000` }).where(and(key, eq(eventHourlyRollups.hour, at(11, 0))));
    expect((await getObservability({ ctx, mode: "test", range: "24h", now })).totals.received).toBe(before + 1000);
    await db.update(eventHourlyRollups).set({ received: sql`${eventHourlyRollups.received} - 1000` }).where(and(key, eq(eventHourlyRollups.hour, at(11, 0))));
    await expectExact(ctx, "live", now);

    // Writes into rolled-up hours: each marks its hours, which are then read live.
    const processedNow = new Date();
    await db.update(webhookEvents).set({ processedAt: processedNow, status: "processed" }).where(eq(webhookEvents.id, events[10]!.id)); // replayed, processed again
    await db.update(webhookEvents).set({ deliveries: sql`${webhookEvents.deliveries} + 1` }).where(eq(webhookEvents.id, events[20]!.id)); // redelivered
    await db.update(webhookEvents).set({ organizationId: ctx.organization.id, processedAt: at(2, 1), status: "processed" }).where(eq(webhookEvents.id, stray.id)); // routed
    await db.update(webhookEvents).set({ processedAt: at(1, 50), status: "processed" }).where(eq(webhookEvents.id, pending.id));
    await db.update(eventAttempts).set({ outcome: "failed" }).where(eq(eventAttempts.eventId, events[1]!.id)); // failed → failed: no change
    await seedAttempt(late, "dead", at(29, 0)); // an attempt closed as dead long after it started
    await db.delete(webhookEvents).where(eq(webhookEvents.id, events[3]!.id)); // and its failed attempt with it
    await seedEvent(stripe, { receivedAt: at(40, 40), providerCreatedAt: at(40, 39), processedAt: at(40, 41) }); // written late into a closed hour
    await expectExact(ctx, "test", now);

    // Settling an event of the open hour (what a worker does all day) marks nothing: that hour is read live.
    const open = await seedEvent(stripe, { receivedAt: new Date(), processedAt: null, status: "pending" });
    const marks = () => db.$count(eventRollupMarks, eq(eventRollupMarks.organizationId, ctx.organization.id));
    const marked = await marks();
    await db.update(webhookEvents).set({ processedAt: new Date(), status: "processed" }).where(eq(webhookEvents.id, open.id));
    if (Date.now() - hour < HOUR) expect(await marks()).toBe(marked);

    const run = await rollUpEvents(db);
    expect(run.marks).toBeGreaterThan(0);
    await expectExact(ctx, "test", now);
    await expectExact(ctx, "live", now);
    // Another organization's chart is untouched by this one's rows.
    await expectExact(await createOwner("rollups-other"), "test", now);
  });

  it("reads the 95th percentile back within one log-scale bucket", () => {
    expect(lagPercentile({}, 0.95)).toBeNull();
    // 120 s and 600 s: percentile_cont gives 120 + 0.95 × 480 = 576.
    const histogram = { [Math.floor(8 * Math.log2(120))]: 1, [Math.floor(8 * Math.log2(600))]: 1 };
    expect(Math.abs(lagPercentile(histogram, 0.95)! - 576)).toBeLessThanOrEqual(0.0905 * 576);
  });
});
