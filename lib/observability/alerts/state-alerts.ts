import "server-only";
import { stuckCheckouts, troubledConnections } from "@/db/queries/alerts";
import type { Alert } from "../alert-types";
import { thresholds } from "../thresholds";
import type { AlertScope as Scope } from "./scope";

export async function stuckCheckoutAlerts({ db, organizationId, slug, mode, now }: Scope): Promise<Alert[]> {
  const t = thresholds.stuckCheckouts;
  const count = await stuckCheckouts(db, organizationId, mode, new Date(now.getTime() - t.minutes * 60_000));
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
export async function connectionAlerts({ db, organizationId, slug, mode }: Scope): Promise<Alert[]> {
  const rows = await troubledConnections(db, organizationId, mode);
  return rows.map((c): Alert => {
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
