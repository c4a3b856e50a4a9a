import "server-only";
import { endpointApiVersions } from "@/lib/connections/api-version-drift";
import type { Alert } from "../alert-types";
import type { AlertScope as Scope } from "./scope";

/**
 * An endpoint whose newest events are rendered at another API version than Beacon's SDK speaks:
 * fields Beacon reads may be missing or renamed. A warning, with the upgrade path on Connections.
 */
export async function apiVersionDriftAlerts({ db, organizationId, slug, mode, now }: Scope): Promise<Alert[]> {
  const versions = await endpointApiVersions(db, organizationId, mode, now);
  const alerts: Alert[] = [];
  for (const [endpointId, v] of versions) {
    if (!v.drift) continue;
    alerts.push({
      id: `api_version_drift:${endpointId}`,
      rule: "api_version_drift",
      severity: "warning",
      provider: v.provider,
      params: { endpointId, version: v.current!, expected: v.expected! },
      link: `/${slug}/connections#endpoint-${endpointId}`,
    });
  }
  return alerts;
}
