// Alerts as the API returns them and the UI renders them. Client-safe (types only): the text
// is written by the UI in the reader's language from `rule` and `params`.

export type AlertSeverity = "critical" | "warning";
type ProviderName = "stripe" | "conekta";

export interface AlertParams {
  signature_failures: { count: number; windowMinutes: number; reasons: string[]; maxSkewSeconds: number | null };
  processing_failure_rate: { failed: number; attempts: number; percent: number; windowMinutes: number };
  dead_events: { count: number };
  inbox_backlog: { count: number; oldestMinutes: number };
  stuck_checkouts: { count: number; minutes: number };
  silent_webhooks: { checkouts: number; sinceMinutes: number };
  connection_restricted: { reason: string | null; chargesEnabled: boolean };
  connection_disconnected: Record<string, never>;
  endpoint_failure_ratio: { rejected: number; deliveries: number; percent: number; windowHours: number };
  api_version_drift: { endpointId: string; version: string; expected: string };
}

export type AlertRule = keyof AlertParams;

export type Alert = {
  [R in AlertRule]: {
    /** Stable for one cause: rule plus what it concerns (provider, endpoint). */
    id: string;
    rule: R;
    severity: AlertSeverity;
    provider: ProviderName | null;
    params: AlertParams[R];
    /** Dashboard path where the cause is seen or fixed. */
    link: string;
  };
}[AlertRule];

export const alertRules: AlertRule[] = [
  "signature_failures",
  "processing_failure_rate",
  "dead_events",
  "inbox_backlog",
  "stuck_checkouts",
  "silent_webhooks",
  "connection_restricted",
  "connection_disconnected",
  "endpoint_failure_ratio",
  "api_version_drift",
];
