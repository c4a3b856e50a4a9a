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
import { thresholds } from "../thresholds";
import { histogramSamples, renderExposition, type MetricFamily, type Sample } from "./exposition";
import { providerCallFamilies } from "./provider-calls";

export const lagBounds = [1, 5, 15, 60, 300, 900, 3600, 21_600, 86_400] as const;

const family = (name: string, type: MetricFamily["type"], help: string, samples: Sample[]): MetricFamily => ({ name, type, help, samples });

/** Every metric Beacon exposes, as Prometheus text: database-derived first, then this process's own. */
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

  const families: MetricFamily[] = [
    family("beacon_webhook_deliveries_received_total", "counter", "Webhook deliveries received, verified or not.", [...receivedByProvider].map(([provider, value]) => ({ labels: { provider }, value }))),
    family(
      "beacon_webhook_deliveries_verified_total",
      "counter",
      "Deliveries whose signature verified, by event type (duplicates included).",
      deliveries.map((d) => ({ labels: { provider: d.provider, mode: d.mode, type: d.type }, value: d.deliveries })),
    ),
    family(
      "beacon_webhook_deliveries_duplicate_total",
      "counter",
      "Verified deliveries of an event already in the inbox (acknowledged, not stored again).",
      deliveries.map((d) => ({ labels: { provider: d.provider, mode: d.mode, type: d.type }, value: d.deliveries - d.events })),
    ),
    family(
      "beacon_webhook_deliveries_rejected_total",
      "counter",
      "Deliveries refused (bad or missing signature, clock skew, unparseable, too large, unknown endpoint).",
      rejections.map((r) => ({ labels: { provider: r.provider, reason: r.reason }, value: r.n })),
    ),
    family(
      "beacon_webhook_deliveries_unattributed_total",
      "counter",
      "Refused deliveries that belong to no organization (nothing verified them and they did not arrive at an organization's own endpoint): seen only by operators.",
      rejections.map((r) => ({ labels: { provider: r.provider, reason: r.reason }, value: r.unattributed })),
    ),
    family(
      "beacon_webhook_processing_attempts_total",
      "counter",
      "Processing attempts of inbox events by outcome.",
      attempts.map((a) => ({ labels: { provider: a.provider, mode: a.mode, outcome: a.outcome }, value: a.n })),
    ),
    family("beacon_webhook_events", "gauge", "Inbox events by current status.", statuses.map((s) => ({ labels: { provider: s.provider, mode: s.mode, status: s.status }, value: s.n }))),
    family(
      "beacon_webhook_processing_lag_seconds",
      "histogram",
      "Processed events: seconds from the provider's event time to the end of processing.",
      lag.flatMap((l) => histogramSamples({ provider: l.provider, mode: l.mode }, lagBounds, l.cumulative, l.sum, l.count)),
    ),
    family(
      "beacon_webhook_inbox_depth",
      "gauge",
      "Unfinished inbox events: pending (new), retrying (failed, waiting for their next attempt), processing (leased by a worker).",
      backlog.map((b) => ({ labels: { provider: b.provider, mode: b.mode, state: b.status === "failed" ? "retrying" : b.status }, value: b.depth })),
    ),
    family(
      "beacon_webhook_inbox_oldest_pending_age_seconds",
      "gauge",
      "Seconds since the oldest pending (never attempted) event was received.",
      backlog.filter((b) => b.status === "pending").map((b) => ({ labels: { provider: b.provider, mode: b.mode }, value: b.oldestAgeSeconds })),
    ),
    family(
      "beacon_webhook_pending_lag_seconds",
      "gauge",
      "Now minus the provider's event time of the oldest event not yet applied: how far behind Beacon's state is.",
      byProviderModeMax(backlog, (b) => b.lagSeconds),
    ),
    family("beacon_checkouts_created_total", "counter", "Subscription checkouts created.", byProviderMode(checkouts, (c) => c.created)),
    family(
      "beacon_checkouts_confirmed_total",
      "counter",
      "Checkouts whose final state Beacon recorded (return page, confirm call or webhook), by that state.",
      checkouts.filter((c) => c.status !== "open").map((c) => ({ labels: { provider: c.provider, mode: c.mode, status: c.status }, value: c.confirmed })),
    ),
    family(
      "beacon_checkouts_stuck",
      "gauge",
      `Checkouts open for more than ${thresholds.stuckCheckouts.minutes} minutes with no confirmation.`,
      byProviderMode(checkouts, (c) => c.stuck),
    ),
    ...providerCallFamilies(),
  ];
  families.push(family("beacon_metrics_scrape_duration_seconds", "gauge", "Time taken to compute this page.", [{ labels: {}, value: (performance.now() - started) / 1000 }]));
  return renderExposition(families);
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
