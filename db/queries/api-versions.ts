import "server-only";
import { and, count, eq, gte, isNotNull, max, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { webhookEvents, type Mode } from "@/db/schema";

/** How far back the API versions an endpoint delivers are read. */
export const API_VERSION_WINDOW_DAYS = 7;

/**
 * The provider API versions one organization's events arrived at, per endpoint, over the last
 * week: each version with its count and when it was last seen (newest first per endpoint).
 */
export async function apiVersionsByEndpoint(db: DbOrTx, organizationId: string, mode: Mode, now = new Date()) {
  const since = new Date(now.getTime() - API_VERSION_WINDOW_DAYS * 86_400_000);
  const rows = await db
    .select({ endpointId: webhookEvents.endpointId, provider: webhookEvents.provider, version: webhookEvents.apiVersion, events: count(), lastSeenAt: max(webhookEvents.receivedAt) })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.mode, mode), gte(webhookEvents.receivedAt, since), isNotNull(webhookEvents.apiVersion), isNotNull(webhookEvents.endpointId)))
    .groupBy(webhookEvents.endpointId, webhookEvents.provider, webhookEvents.apiVersion);
  const byEndpoint = new Map<string, { provider: (typeof rows)[number]["provider"]; versions: { version: string; events: number; lastSeenAt: string }[] }>();
  for (const r of rows.sort((a, b) => (b.lastSeenAt?.getTime() ?? 0) - (a.lastSeenAt?.getTime() ?? 0))) {
    const entry = byEndpoint.get(r.endpointId!) ?? { provider: r.provider, versions: [] };
    entry.versions.push({ version: r.version!, events: r.events, lastSeenAt: r.lastSeenAt!.toISOString() });
    byEndpoint.set(r.endpointId!, entry);
  }
  return byEndpoint;
}

/**
 * Per endpoint, the provider and API version of one organization's newest event of the last week
 * (what `apiVersionsByEndpoint` lists first), without counting the week: the endpoints its
 * versioned events ever arrived at, skipped through on webhook_events_api_version_index, and for
 * each the newest event since the window's start, one index probe each. The CTEs of a
 * `with recursive`; `newest_api_versions` has endpoint_id, provider, api_version, received_at.
 */
export function newestApiVersionsCte(organizationId: string, mode: Mode, now: Date) {
  const since = new Date(now.getTime() - API_VERSION_WINDOW_DAYS * 86_400_000);
  const scope = sql`e.organization_id = ${organizationId}::uuid and e.mode = ${mode}::mode and e.api_version is not null and e.endpoint_id is not null`;
  return sql`versioned_endpoints as (
      (select e.endpoint_id from ${webhookEvents} e where ${scope} order by e.endpoint_id limit 1)
      union all
      select (select e.endpoint_id from ${webhookEvents} e where ${scope} and e.endpoint_id > p.endpoint_id order by e.endpoint_id limit 1)
      from versioned_endpoints p where p.endpoint_id is not null),
    newest_api_versions as (
      select n.* from versioned_endpoints p cross join lateral (
        select e.endpoint_id, e.provider, e.api_version, e.received_at from ${webhookEvents} e
        where ${scope} and e.endpoint_id = p.endpoint_id and e.received_at >= ${since.toISOString()}::timestamptz
        order by e.received_at desc limit 1) n)`;
}
