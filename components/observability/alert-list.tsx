"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/card";
import { useT } from "@/lib/i18n/i18n-context";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import type { Alert } from "@/lib/observability/alert-types";

/** One alert's cause in the reader's language, from its rule and parameters. */
export function alertCause(t: Dictionary, alert: Alert): string {
  const provider = alert.provider ? (t.common.providers[alert.provider] ?? alert.provider) : "";
  switch (alert.rule) {
    case "signature_failures":
      return t.alerts.rules.signature_failures.cause(alert.params, provider, alert.params.reasons.map((r) => t.alerts.reasons[r] ?? r).join(", "));
    case "processing_failure_rate":
      return t.alerts.rules.processing_failure_rate.cause(alert.params);
    case "dead_events":
      return t.alerts.rules.dead_events.cause(alert.params);
    case "inbox_backlog":
      return t.alerts.rules.inbox_backlog.cause(alert.params);
    case "stuck_checkouts":
      return t.alerts.rules.stuck_checkouts.cause(alert.params);
    case "silent_webhooks":
      return t.alerts.rules.silent_webhooks.cause(alert.params, provider);
    case "connection_restricted":
      return t.alerts.rules.connection_restricted.cause(alert.params, provider);
    case "connection_disconnected":
      return t.alerts.rules.connection_disconnected.cause(alert.params, provider);
    case "endpoint_failure_ratio":
      return t.alerts.rules.endpoint_failure_ratio.cause(alert.params, provider);
    case "api_version_drift":
      return t.alerts.rules.api_version_drift.cause(alert.params, provider);
  }
}

export function AlertList({ alerts }: { alerts: Alert[] }) {
  const t = useT();
  if (alerts.length === 0) {
    return (
      <p className="text-sm text-emerald-700 dark:text-emerald-400" data-testid="no-alerts">
        ✓ {t.alerts.none}
      </p>
    );
  }
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="alert-list">
      {alerts.map((alert) => (
        <li key={alert.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="alert" data-severity={alert.severity}>
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone={alert.severity === "critical" ? "red" : "amber"}>{t.common.severity[alert.severity]}</Badge>
              <span className="font-medium">{t.alerts.rules[alert.rule].title}</span>
            </div>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">{alertCause(t, alert)}</p>
          </div>
          <Link href={alert.link} className="shrink-0 text-sm font-medium text-brand-600 hover:underline dark:text-brand-500">
            {t.alerts.rules[alert.rule].action} →
          </Link>
        </li>
      ))}
    </ul>
  );
}
