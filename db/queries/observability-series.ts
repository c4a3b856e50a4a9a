import "server-only";
import { eq, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { rejectionsInMode } from "./alerts";
import { webhookEndpoints, webhookRejections, type Mode } from "@/db/schema";

// Rejections for the Observability charts (events, lag and failures come from
// `event-rollups.ts`), in fixed buckets of `step` seconds since `from`.
// Grouped by position (`group by 1`): the bucket expression carries bind parameters, and
// PostgreSQL does not see two parameterized copies of it as the same expression.

const bucketOf = (column: AnyColumn | SQL, from: Date, step: number) =>
  sql<number>`floor(extract(epoch from (${column} - ${from.toISOString()}::timestamptz)) / ${step})::int`;

const int = (value: unknown) => Number(value ?? 0);

/** Rejections per bucket, in the mode `rejectionsInMode` gives them. */
export async function rejectionSeries(db: DbOrTx, organizationId: string, mode: Mode, from: Date, step: number) {
  const bucket = bucketOf(webhookRejections.receivedAt, from, step);
  const rows = await db
    .select({ bucket, rejections: sql<string>`count(*)` })
    .from(webhookRejections)
    .leftJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookRejections.endpointId))
    .where(rejectionsInMode(organizationId, mode, from))
    .groupBy(sql`1`);
  return rows.map((r) => ({ bucket: int(r.bucket), rejections: int(r.rejections) }));
}
