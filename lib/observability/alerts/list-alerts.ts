import "server-only";
import { db } from "@/db";
import { alertFacts, type AlertWindows } from "@/db/queries/alerts";
import type { Mode } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import type { Alert } from "../alert-types";
import { thresholds } from "../thresholds";
import { endpointFailureAlerts, signatureFailureAlerts, silentWebhookAlerts } from "./delivery-alerts";
import { backlogAlerts, deadEventAlerts, failureRateAlerts } from "./processing-alerts";
import { connectionAlerts, stuckCheckoutAlerts } from "./state-alerts";
import { apiVersionDriftAlerts } from "./version-alerts";

const rules = [
  connectionAlerts,
  signatureFailureAlerts,
  endpointFailureAlerts,
  silentWebhookAlerts,
  deadEventAlerts,
  failureRateAlerts,
  backlogAlerts,
  stuckCheckoutAlerts,
  apiVersionDriftAlerts,
];

/** How far back each rule looks from `now`. */
function windowsAt(now: Date): AlertWindows {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const t = thresholds;
  return {
    now,
    signaturesSince: ago(t.signatureFailures.windowMinutes),
    deliveriesSince: ago(t.endpointFailureRatio.windowHours * 60),
    attemptsSince: ago(t.processingFailureRate.windowMinutes),
    checkoutsFrom: ago(t.silentWebhooks.windowMinutes),
    checkoutsTo: ago(t.silentWebhooks.graceMinutes),
    stuckBefore: ago(t.stuckCheckouts.minutes),
  };
}

/**
 * The organization's alerts in one mode, computed from the data each time (nothing to store or
 * acknowledge): an alert is there while its cause is, and gone when it is. Critical first. The
 * facts every rule judges are read in one statement.
 */
export async function listAlerts({ ctx, mode, now = new Date() }: { ctx: OrgContext; mode: Mode; now?: Date }) {
  const facts = await alertFacts(db, ctx.organization.id, mode, windowsAt(now));
  const scope = { organizationId: ctx.organization.id, slug: ctx.organization.slug, mode, now, facts };
  const alerts: Alert[] = rules.flatMap((rule) => rule(scope));
  alerts.sort((a, b) => Number(b.severity === "critical") - Number(a.severity === "critical"));
  return {
    mode,
    evaluatedAt: now.toISOString(),
    critical: alerts.filter((a) => a.severity === "critical").length,
    warning: alerts.filter((a) => a.severity === "warning").length,
    alerts,
  };
}

export type ListAlertsResponse = Awaited<ReturnType<typeof listAlerts>>;
