import "server-only";
import type { Alert } from "../alert-types";
import { thresholds } from "../thresholds";
import type { AlertScope as Scope } from "./scope";

export function failureRateAlerts({ slug, facts }: Scope): Alert[] {
  const t = thresholds.processingFailureRate;
  const rows = facts.attempts;
  const attempts = rows.reduce((n, r) => n + r.n, 0);
  const failed = rows.filter((r) => r.outcome === "failed" || r.outcome === "dead").reduce((n, r) => n + r.n, 0);
  if (attempts < t.minAttempts || failed / attempts < t.warning) return [];
  return [
    {
      id: "processing_failure_rate",
      rule: "processing_failure_rate",
      severity: failed / attempts >= t.critical ? "critical" : "warning",
      provider: null,
      params: { failed, attempts, percent: Math.round((failed / attempts) * 100), windowMinutes: t.windowMinutes },
      link: `/${slug}/events?status=failed`,
    },
  ];
}

export function deadEventAlerts({ slug, facts }: Scope): Alert[] {
  const dead = facts.dead;
  if (dead.count < thresholds.deadEvents.critical) return [];
  const link = dead.count === 1 && dead.newestId ? `/${slug}/events/${dead.newestId}` : `/${slug}/events?status=dead`;
  return [{ id: "dead_events", rule: "dead_events", severity: "critical", provider: null, params: { count: dead.count }, link }];
}

export function backlogAlerts({ slug, now, facts }: Scope): Alert[] {
  const t = thresholds.inboxBacklog;
  const waiting = facts.due;
  if (!waiting.oldest) return [];
  const ageSeconds = (now.getTime() - waiting.oldest.getTime()) / 1000;
  if (ageSeconds < t.warningSeconds) return [];
  return [
    {
      id: "inbox_backlog",
      rule: "inbox_backlog",
      severity: ageSeconds >= t.criticalSeconds ? "critical" : "warning",
      provider: null,
      params: { count: waiting.count, oldestMinutes: Math.floor(ageSeconds / 60) },
      link: `/${slug}/observability`,
    },
  ];
}
