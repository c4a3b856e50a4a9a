import "server-only";
import { db } from "@/db";
import { failureSeries, processedSeries, receivedSeries, rejectionSeries } from "@/db/queries/observability-series";
import type { Mode } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import type { ChartRange } from "@/lib/validations/observability";
import { listAlerts } from "./alerts/list-alerts";

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
  const [received, processed, failures, rejections, alerts] = await Promise.all([
    receivedSeries(db, orgId, mode, from, stepSeconds),
    processedSeries(db, orgId, mode, from, stepSeconds),
    failureSeries(db, orgId, mode, from, stepSeconds),
    rejectionSeries(db, orgId, mode, from, stepSeconds),
    listAlerts({ ctx, mode, now }),
  ]);
  const at = <T extends { bucket: number }>(rows: T[], i: number) => rows.find((r) => r.bucket === i);
  const series = Array.from({ length: buckets }, (_, i) => ({
    start: new Date(from.getTime() + i * stepMs).toISOString(),
    received: at(received, i)?.events ?? 0,
    deliveries: at(received, i)?.deliveries ?? 0,
    processed: at(processed, i)?.processed ?? 0,
    lagAvgSeconds: at(processed, i)?.lagAvg ?? null,
    lagP95Seconds: at(processed, i)?.lagP95 ?? null,
    failures: at(failures, i)?.failures ?? 0,
    rejections: at(rejections, i)?.rejections ?? 0,
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
