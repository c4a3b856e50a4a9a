import "server-only";
import { db } from "@/db";
import type { Mode } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import type { Alert } from "../alert-types";
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

/**
 * The organization's alerts in one mode, computed from the data each time (nothing to store or
 * acknowledge): an alert is there while its cause is, and gone when it is. Critical first.
 */
export async function listAlerts({ ctx, mode, now = new Date() }: { ctx: OrgContext; mode: Mode; now?: Date }) {
  const scope = { db, organizationId: ctx.organization.id, slug: ctx.organization.slug, mode, now };
  const alerts: Alert[] = (await Promise.all(rules.map((rule) => rule(scope)))).flat();
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
