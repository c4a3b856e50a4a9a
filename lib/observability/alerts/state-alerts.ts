import "server-only";
import type { Alert } from "../alert-types";
import { thresholds } from "../thresholds";
import type { AlertScope as Scope } from "./scope";

export function stuckCheckoutAlerts({ slug, facts }: Scope): Alert[] {
  const t = thresholds.stuckCheckouts;
  const count = facts.stuckCheckouts;
  if (count === 0) return [];
  return [
    {
      id: "stuck_checkouts",
      rule: "stuck_checkouts",
      severity: count >= t.critical ? "critical" : "warning",
      provider: null,
      params: { count, minutes: t.minutes },
      link: `/${slug}/checkouts`,
    },
  ];
}

/** A restricted account may stop charging; a disconnected one has stopped. */
export function connectionAlerts({ slug, facts }: Scope): Alert[] {
  return facts.troubledConnections.map((c): Alert => {
    const link = `/${slug}/connections`;
    if (c.status === "disconnected") return { id: `connection_disconnected:${c.provider}`, rule: "connection_disconnected", severity: "critical", provider: c.provider, params: {}, link };
    const chargesEnabled = c.details?.chargesEnabled ?? false;
    return {
      id: `connection_restricted:${c.provider}`,
      rule: "connection_restricted",
      severity: chargesEnabled ? "warning" : "critical",
      provider: c.provider,
      params: { reason: c.details?.requirements.disabledReason ?? null, chargesEnabled },
      link,
    };
  });
}
