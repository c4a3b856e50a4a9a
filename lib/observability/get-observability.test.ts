import { describe, expect, it } from "vitest";
import { createOwner } from "@/lib/testing/factories";
import { getObservability } from "./get-observability";
import { seedAttempt, seedConnection, seedEndpoint, seedEvent, seedRejection } from "./test-support";

const at = (iso: string) => new Date(iso);

describe("getObservability", () => {
  it("buckets throughput, lag, failures and rejections over the last 24 hours", async () => {
    const ctx = await createOwner("charts");
    const stripe = await seedConnection(ctx);
    const now = at("2026-05-10T12:30:00Z");
    // Two events in the current hour, one processed 2 minutes after the provider sent it, one 10 minutes.
    await seedEvent(stripe, { receivedAt: at("2026-05-10T12:05:00Z"), providerCreatedAt: at("2026-05-10T12:04:00Z"), processedAt: at("2026-05-10T12:06:00Z"), deliveries: 2 });
    const slow = await seedEvent(stripe, { receivedAt: at("2026-05-10T12:10:00Z"), providerCreatedAt: at("2026-05-10T12:00:00Z"), processedAt: at("2026-05-10T12:10:00Z") });
    await seedAttempt(slow, "failed", at("2026-05-10T12:08:00Z"));
    await seedAttempt(slow, "processed", at("2026-05-10T12:10:00Z"));
    const conekta = await seedEndpoint(await seedConnection(ctx, { provider: "conekta" }));
    await seedRejection(ctx, { provider: "conekta", endpointId: conekta.id, receivedAt: at("2026-05-10T09:15:00Z") });
    // A Stripe rejection is nobody's (whatever its body claimed): not in the organization's chart.
    await seedRejection(ctx, { receivedAt: at("2026-05-10T10:15:00Z") });
    // Outside the window, and another mode: not counted.
    await seedEvent(stripe, { receivedAt: at("2026-05-09T11:00:00Z"), processedAt: at("2026-05-09T11:00:00Z") });
    await seedEvent(await seedConnection(ctx, { mode: "live" }), { receivedAt: at("2026-05-10T12:00:00Z") });

    const day = await getObservability({ ctx, mode: "test", range: "24h", now });
    expect(day.series).toHaveLength(24);
    expect(day.series[0]!.start).toBe("2026-05-09T13:00:00.000Z");
    const current = day.series[23]!;
    expect(current).toMatchObject({ start: "2026-05-10T12:00:00.000Z", received: 2, deliveries: 3, processed: 2, failures: 1, rejections: 0 });
    expect(current.lagAvgSeconds).toBe(360);
    // percentile_cont gives 576; read back from log-scale buckets, within 9.05% of it.
    expect(Math.abs(current.lagP95Seconds! - 576)).toBeLessThanOrEqual(0.0905 * 576);
    expect(day.series[20]).toMatchObject({ start: "2026-05-10T09:00:00.000Z", rejections: 1, received: 0, lagAvgSeconds: null });
    expect(day.totals).toEqual({ received: 2, processed: 2, failures: 1, rejections: 1 });

    const week = await getObservability({ ctx, mode: "test", range: "7d", now });
    expect(week.series).toHaveLength(28);
    expect(week.series.at(-1)!.start).toBe("2026-05-10T12:00:00.000Z");
    expect(week.totals).toEqual({ received: 3, processed: 3, failures: 1, rejections: 1 });
  });
});
