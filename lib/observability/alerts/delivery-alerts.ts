import "server-only";
import { signatureReasons } from "@/db/queries/alerts";
import { traitsOf } from "@/lib/providers/traits";
import type { Alert } from "../alert-types";
import { thresholds } from "../thresholds";
import type { AlertScope as Scope } from "./scope";

const percent = (part: number, whole: number) => Math.round((part / whole) * 100);

/** Deliveries refused for their signature (wrong secret, clock skew): the provider keeps retrying in vain. */
export function signatureFailureAlerts({ slug, facts }: Scope): Alert[] {
  const t = thresholds.signatureFailures;
  const rows = facts.signatureRejections.filter((r) => signatureReasons.includes(r.reason));
  const alerts: Alert[] = [];
  for (const provider of ["stripe", "conekta"] as const) {
    const mine = rows.filter((r) => r.provider === provider);
    const count = mine.reduce((n, r) => n + r.n, 0);
    if (count < t.warning) continue;
    const skews = mine.map((r) => r.maxSkew).filter((s): s is number => s !== null);
    alerts.push({
      id: `signature_failures:${provider}`,
      rule: "signature_failures",
      severity: count >= t.critical ? "critical" : "warning",
      provider,
      params: { count, windowMinutes: t.windowMinutes, reasons: [...new Set(mine.map((r) => r.reason))].sort(), maxSkewSeconds: skews.length ? Math.max(...skews) : null },
      link: `/${slug}/events`,
    });
  }
  return alerts;
}

/**
 * Share of deliveries Beacon answered with a non-2xx, per endpoint (Stripe: the organization's
 * share of Beacon's platform endpoint). Providers disable endpoints that keep failing.
 */
export function endpointFailureAlerts({ slug, facts }: Scope): Alert[] {
  const t = thresholds.endpointFailureRatio;
  const [rejections, deliveries] = [facts.deliveryRejections, facts.deliveries];
  // A platform endpoint's rejections carry no endpoint (nothing verified), so it is judged as a whole.
  const keyOf = (provider: "stripe" | "conekta", endpointId: string | null) =>
    traitsOf(provider).webhooks === "platform" ? provider : `${provider}:${endpointId ?? "unknown"}`;
  const tally = new Map<string, { provider: "stripe" | "conekta"; rejected: number; ok: number }>();
  const entry = (provider: "stripe" | "conekta", endpointId: string | null) => {
    const key = keyOf(provider, endpointId);
    const found = tally.get(key) ?? { provider, rejected: 0, ok: 0 };
    tally.set(key, found);
    return found;
  };
  rejections.forEach((r) => (entry(r.provider, r.endpointId).rejected += r.n));
  deliveries.forEach((d) => (entry(d.provider, d.endpointId).ok += d.n));
  const alerts: Alert[] = [];
  for (const [key, { provider, rejected, ok }] of tally) {
    const total = rejected + ok;
    if (total < t.minDeliveries || rejected / total < t.warning) continue;
    alerts.push({
      id: `endpoint_failure_ratio:${key}`,
      rule: "endpoint_failure_ratio",
      severity: rejected / total >= t.critical ? "critical" : "warning",
      provider,
      params: { rejected, deliveries: total, percent: percent(rejected, total), windowHours: t.windowHours },
      link: `/${slug}/connections`,
    });
  }
  return alerts;
}

/** Checkouts are being created but their provider has sent nothing since: webhooks are not arriving. */
export function silentWebhookAlerts({ slug, now, facts }: Scope): Alert[] {
  return facts.checkoutsWithoutEvents
    .filter((r) => r.checkouts > 0 && !r.hasEvents)
    .map((r) => ({
      id: `silent_webhooks:${r.provider}`,
      rule: "silent_webhooks" as const,
      severity: "critical" as const,
      provider: r.provider,
      params: { checkouts: r.checkouts, sinceMinutes: Math.round((now.getTime() - r.firstCreatedAt.getTime()) / 60_000) },
      link: `/${slug}/connections`,
    }));
}
