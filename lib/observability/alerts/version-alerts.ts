import "server-only";
import { driftedEndpoints } from "@/lib/connections/api-version-drift";
import type { Alert } from "../alert-types";
import type { AlertScope as Scope } from "./scope";

/**
 * An endpoint whose newest events are rendered at another API version than Beacon's SDK speaks:
 * fields Beacon reads may be missing or renamed. A warning, with the upgrade path on Connections.
 */
export function apiVersionDriftAlerts({ slug, facts }: Scope): Alert[] {
  return driftedEndpoints(facts.newestVersions).map(({ endpointId, provider, current, expected }) => ({
    id: `api_version_drift:${endpointId}`,
    rule: "api_version_drift",
    severity: "warning",
    provider,
    params: { endpointId, version: current, expected },
    link: `/${slug}/connections#endpoint-${endpointId}`,
  }));
}
