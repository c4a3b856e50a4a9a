import "server-only";
import { and, eq, inArray, max, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { webhookEvents, type Mode } from "@/db/schema";

/**
 * One organization's own deliveries through Beacon's shared Stripe endpoints: the events of its
 * connected accounts only, never the platform's totals (which the endpoint and secret rows hold).
 * `since` per endpoint counts the deliveries its current secret verified.
 */
export async function orgDeliveriesByEndpoint(db: DbOrTx, organizationId: string, mode: Mode, since: Map<string, Date>) {
  const endpointIds = [...since.keys()];
  if (endpointIds.length === 0) return new Map<string, { lastDeliveryAt: Date | null; verified: number }>();
  const sinceCase = sql.join(
    endpointIds.map((id) => sql`when ${webhookEvents.endpointId} = ${id} then ${since.get(id)!.toISOString()}::timestamptz`),
    sql` `,
  );
  const rows = await db
    .select({
      endpointId: webhookEvents.endpointId,
      last: max(webhookEvents.receivedAt),
      verified: sql<string>`coalesce(sum(${webhookEvents.deliveries}) filter (where ${webhookEvents.receivedAt} >= case ${sinceCase} end), 0)`,
    })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.mode, mode), inArray(webhookEvents.endpointId, endpointIds)))
    .groupBy(webhookEvents.endpointId);
  return new Map(rows.map((r) => [r.endpointId!, { lastDeliveryAt: r.last, verified: Number(r.verified) }]));
}
