import "server-only";
import type { DbOrTx } from "@/db";
import { apiVersionsByEndpoint } from "@/db/queries/api-versions";
import type { Mode, Provider } from "@/db/schema";
import { traitsOf } from "@/lib/providers/traits";

export interface EndpointApiVersion {
  provider: Provider;
  /** The version Beacon's SDK speaks for this provider. */
  expected: string | null;
  /** The version of the newest event this endpoint delivered in the window. */
  current: string | null;
  /** Every version seen in the window, newest first (two during an upgrade's overlap). */
  versions: { version: string; events: number; lastSeenAt: string }[];
  /** The endpoint's newest events are at another version than Beacon's SDK speaks. */
  drift: boolean;
}

/**
 * Per endpoint, the API version one organization's events arrive at and whether it drifted from
 * the version Beacon speaks (lib/providers/traits.ts). Providers whose events name no version
 * never drift.
 */
export async function endpointApiVersions(db: DbOrTx, organizationId: string, mode: Mode, now = new Date()): Promise<Map<string, EndpointApiVersion>> {
  const seen = await apiVersionsByEndpoint(db, organizationId, mode, now);
  const result = new Map<string, EndpointApiVersion>();
  for (const [endpointId, { provider, versions }] of seen) result.set(endpointId, { ...driftOf(provider, versions[0]?.version ?? null), versions });
  return result;
}

function driftOf(provider: Provider, current: string | null) {
  const expected = traitsOf(provider).apiVersion;
  return { provider, expected, current, drift: expected !== null && current !== null && current !== expected };
}

/**
 * The endpoints that drifted, judged as `endpointApiVersions` judges them, from each endpoint's
 * newest versioned event of the week (`newestApiVersionsCte`, read with the alerts' facts): what
 * the alert needs, without counting the week's events per version.
 */
export function driftedEndpoints(newest: { endpointId: string; provider: Provider; version: string }[]) {
  return newest
    .map(({ endpointId, provider, version }) => ({ endpointId, ...driftOf(provider, version) }))
    .filter((e): e is typeof e & { expected: string; current: string } => e.drift);
}
