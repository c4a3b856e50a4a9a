import "server-only";
import { db } from "@/db";
import {
  attemptOutcomeCounts,
  checkoutCounts,
  deliveryCounts,
  eventStatusCounts,
  inboxBacklog,
  processingLagHistogram,
  rejectionCounts,
} from "@/db/queries/metrics";
import { Counter, Gauge, Registry } from "prom-client";
import { thresholds } from "../thresholds";
import { CountedHistogram } from "./counted-histogram";
import { processRegistry } from "./process-registry";

export const lagBounds = [1, 5, 15, 60, 300, 900, 3600, 21_600, 86_400] as const;

type Labels = Record<string, string>;
interface Sample {
  labels: Labels;
  value: number;
}

/**
 * Every metric Beacon exposes, as Prometheus text: database-derived first, then this process's
 * own. The database-derived ones go into a fresh registry per scrape: their values are what the
 * tables hold now, the same from every process, so nothing is kept between scrapes.
 */
export async function collectMetrics(now = new Date()): Promise<string> {
  const started = performance.now();
  const stuckBefore = new Date(now.getTime() - thresholds.stuckCheckouts.minutes * 60_000);
  const [deliveries, rejections, attempts, statuses, backlog, lag, checkouts] = await Promise.all([
    deliveryCounts(db),
    rejectionCounts(db),
    attemptOutcomeCounts(db),
    eventStatusCounts(db),
    inboxBacklog(db, now),
    processingLagHistogram(db, lagBounds),
    checkoutCounts(db, stuckBefore),
  ]);

  const receivedByProvider = new Map<string, number>();
  const add = (provider: string, n: number) => receivedByProvider.set(provider, (receivedByProvider.get(provider) ?? 0) + n);
  deliveries.forEach((d) => add(d.provider, d.deliveries));
  rejections.forEach((r) => add(r.provider, r.n));

  const registry = new Registry();
  const counter = (name: string, help: string, labelNames: string[], samples: Sample[]) => {
    const metric = new Counter({ name, help, labelNames, registers: [registry] });
    samples.forEach((s) => metric.inc(s.labels, s.value));
  };
  const gauge = (name: string, help: string, labelNames: string[], samples: Sample[]) => {
    const metric = new Gauge({ name, help, labelNames, registers: [registry] });
    samples.forEach((s) => metric.set(s.labels, s.value));
  };
  const providerMode = ["provider", "mode"];

  counter("beacon_webhook_deliveries_received_total", "Webhook deliveries received, verified or not.", ["provider"], [...receivedByProvider].map(([provider, value]) => ({ labels: { provider }, value })));
  counter(
    "beacon_webhook_deliveries_verified_total",
    "Deliveries whose signature verified, by event type (duplicates included).",
    [...providerMode, "type"],
    deliveries.map((d) => ({ labels: { provider: d.provider, mode: d.mode, type: d.type }, value: d.deliveries })),
  );
  counter(
    "beacon_webhook_deliveries_duplicate_total",
    "Verified deliveries of an event already in the inbox (acknowledged, not stored again).",
    [...providerMode, "type"],
    deliveries.map((d) => ({ labels: { provider: d.provider, mode: d.mode, type: d.type }, value: d.duplicates })),
  );
  counter(
    "beacon_webhook_deliveries_rejected_total",
    "Deliveries refused (bad or missing signature, clock skew, unparseable, too large, unknown endpoint).",
    ["provider", "reason"],
    rejections.map((r) => ({ labels: { provider: r.provider, reason: r.reason }, value: r.n })),
  );
  counter(
    "beacon_webhook_deliveries_unattributed_total",
    "Refused deliveries that belong to no organization (nothing verified them and they did not arrive at an organization's own endpoint): seen only by operators.",
    ["provider", "reason"],
    rejections.map((r) => ({ labels: { provider: r.provider, reason: r.reason }, value: r.unattributed })),
  );
  counter(
    "beacon_webhook_processing_attempts_total",
    "Processing attempts of inbox events by outcome.",
    [...providerMode, "outcome"],
    attempts.map((a) => ({ labels: { provider: a.provider, mode: a.mode, outcome: a.outcome }, value: a.n })),
  );
  gauge("beacon_webhook_events", "Inbox events by current status.", [...providerMode, "status"], statuses.map((s) => ({ labels: { provider: s.provider, mode: s.mode, status: s.status }, value: s.n })));
  const processingLag = new CountedHistogram({
    name: "beacon_webhook_processing_lag_seconds",
    help: "Processed events: seconds from the provider's event time to the end of processing.",
    labelNames: providerMode,
    buckets: lagBounds,
    registry,
  });
  lag.forEach((l) => processingLag.setSeries({ labels: { provider: l.provider, mode: l.mode }, cumulative: l.cumulative, sum: l.sum, count: l.count }));
  gauge(
    "beacon_webhook_inbox_depth",
    "Unfinished inbox events: pending (new), retrying (failed, waiting for their next attempt), processing (leased by a worker).",
    [...providerMode, "state"],
    backlog.map((b) => ({ labels: { provider: b.provider, mode: b.mode, state: b.status === "failed" ? "retrying" : b.status }, value: b.depth })),
  );
  gauge(
    "beacon_webhook_inbox_oldest_pending_age_seconds",
    "Seconds since the oldest pending (never attempted) event was received.",
    providerMode,
    backlog.filter((b) => b.status === "pending").map((b) => ({ labels: { provider: b.provider, mode: b.mode }, value: b.oldestAgeSeconds })),
  );
  gauge(
    "beacon_webhook_pending_lag_seconds",
    "Now minus the provider's event time of the oldest event not yet applied: how far behind Beacon's state is.",
    providerMode,
    byProviderModeMax(backlog, (b) => b.lagSeconds),
  );
  counter("beacon_checkouts_created_total", "Subscription checkouts created.", providerMode, byProviderMode(checkouts, (c) => c.created));
  counter(
    "beacon_checkouts_confirmed_total",
    "Checkouts whose final state Beacon recorded (return page, confirm call or webhook), by that state.",
    [...providerMode, "status"],
    checkouts.filter((c) => c.status !== "open").map((c) => ({ labels: { provider: c.provider, mode: c.mode, status: c.status }, value: c.confirmed })),
  );
  gauge(
    "beacon_checkouts_stuck",
    `Checkouts open for more than ${thresholds.stuckCheckouts.minutes} minutes with no confirmation.`,
    providerMode,
    byProviderMode(checkouts, (c) => c.stuck),
  );
  gauge("beacon_metrics_scrape_duration_seconds", "Time taken to compute this page.", [], [{ labels: {}, value: (performance.now() - started) / 1000 }]);
  return Registry.merge([registry, processRegistry]).metrics();
}

/** The largest value per provider and mode. */
function byProviderModeMax<T extends { provider: string; mode: string }>(rows: T[], value: (row: T) => number): Sample[] {
  const out = new Map<string, Sample>();
  for (const row of rows) {
    const key = `${row.provider} ${row.mode}`;
    const sample = out.get(key);
    if (!sample || value(row) > sample.value) out.set(key, { labels: { provider: row.provider, mode: row.mode }, value: value(row) });
  }
  return [...out.values()];
}

/** Sums rows split by another label into one sample per provider and mode. */
function byProviderMode<T extends { provider: string; mode: string }>(rows: T[], value: (row: T) => number): Sample[] {
  const totals = new Map<string, Sample>();
  for (const row of rows) {
    const key = `${row.provider} ${row.mode}`;
    const sample = totals.get(key) ?? { labels: { provider: row.provider, mode: row.mode }, value: 0 };
    sample.value += value(row);
    totals.set(key, sample);
  }
  return [...totals.values()];
}
