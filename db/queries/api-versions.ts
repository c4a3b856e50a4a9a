import "server-only";
import { and, count, eq, gte, isNotNull, max } from "drizzle-orm";
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
