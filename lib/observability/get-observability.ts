import "server-only";
import { db } from "@/db";
import { hourlyFigures } from "@/db/queries/event-rollups";
import { rejectionSeries } from "@/db/queries/observability-series";
import type { Mode } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import type { ChartRange } from "@/lib/validations/observability";
import { listAlerts } from "./alerts/list-alerts";
import { lagPercentile, mergeLagHistogram, type LagHistogram } from "./lag-histogram";

const ranges: Record<ChartRange, { buckets: number; stepSeconds: number }> = {
  "24h": { buckets: 24, stepSeconds: 3600 },
  "7d": { buckets: 28, stepSeconds: 6 * 3600 },
};

/**
 * The Observability page for one mode: throughput, lag, failures and rejections over the last
 * 24 hours (hourly) or 7 days (6-hourly), zero-filled so every bucket is drawn, and the alerts.
 */
export async function getObservability({ ctx, mode, range, now = new Date() }: { ctx: OrgContext; mode: Mode; range: ChartRange; now?: Date }) {
  const { buckets, stepSeconds } = ranges[range];
  const stepMs = stepSeconds * 1000;
  // Buckets end at the next step boundary after now, so the last one is the current hour/period.
  const end = Math.ceil((now.getTime() + 1) / stepMs) * stepMs;
  const from = new Date(end - buckets * stepMs);
  const orgId = ctx.organization.id;
  const [hours, rejections, alerts] = await Promise.all([
    hourlyFigures(db, orgId, mode, from, new Date(end)),
    rejectionSeries(db, orgId, mode, from, stepSeconds),
    listAlerts({ ctx, mode, now }),
  ]);
  // Hourly figures (rolled up, or live for the current hour) summed into the chart's buckets.
  const totals = Array.from({ length: buckets }, () => ({ received: 0, deliveries: 0, processed: 0, lagSum: 0, lagHistogram: {} as LagHistogram, failures: 0 }));
  for (const h of hours) {
    const b = totals[Math.floor((h.hour.getTime() - from.getTime()) / stepMs)]!;
    b.received += h.received;
    b.deliveries += h.deliveries;
    b.processed += h.processed;
    b.lagSum += Number(h.lagSum);
    mergeLagHistogram(b.lagHistogram, h.lagHistogram);
    b.failures += h.failures;
  }
  const series = totals.map((b, i) => ({
    start: new Date(from.getTime() + i * stepMs).toISOString(),
    received: b.received,
    deliveries: b.deliveries,
    processed: b.processed,
    lagAvgSeconds: b.processed ? b.lagSum / b.processed : null,
    /** Within 9.05% of the exact percentile (log-scale histogram buckets: `lag-histogram.ts`). */
    lagP95Seconds: lagPercentile(b.lagHistogram, 0.95),
    failures: b.failures,
    rejections: rejections.find((r) => r.bucket === i)?.rejections ?? 0,
  }));
  const sum = (key: "received" | "processed" | "failures" | "rejections") => series.reduce((n, b) => n + b[key], 0);
  return {
    mode,
    range,
    stepSeconds,
    series,
    totals: { received: sum("received"), processed: sum("processed"), failures: sum("failures"), rejections: sum("rejections") },
    alerts,
  };
}

export type GetObservabilityResponse = Awaited<ReturnType<typeof getObservability>>;
