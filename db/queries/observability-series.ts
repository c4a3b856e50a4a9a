import "server-only";
import { and, eq, gte, inArray, isNotNull, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { rejectionsInMode } from "./alerts";
import { eventAttempts, webhookEndpoints, webhookEvents, webhookRejections, type Mode } from "@/db/schema";

// Time series for the Observability charts, in fixed buckets of `step` seconds since `from`.
// Grouped by position (`group by 1`): the bucket expression carries bind parameters, and
// PostgreSQL does not see two parameterized copies of it as the same expression.

const bucketOf = (column: AnyColumn | SQL, from: Date, step: number) =>
  sql<number>`floor(extract(epoch from (${column} - ${from.toISOString()}::timestamptz)) / ${step})::int`;

const int = (value: unknown) => Number(value ?? 0);

export async function receivedSeries(db: DbOrTx, organizationId: string, mode: Mode, from: Date, step: number) {
  const bucket = bucketOf(webhookEvents.receivedAt, from, step);
  const rows = await db
    .select({ bucket, events: sql<string>`count(*)`, deliveries: sql<string>`sum(${webhookEvents.deliveries})` })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.mode, mode), gte(webhookEvents.receivedAt, from)))
    .groupBy(sql`1`);
  return rows.map((r) => ({ bucket: int(r.bucket), events: int(r.events), deliveries: int(r.deliveries) }));
}

/** Events processed per bucket and their lag (processed − provider's event time): mean and 95th percentile. */
export async function processedSeries(db: DbOrTx, organizationId: string, mode: Mode, from: Date, step: number) {
  const bucket = bucketOf(webhookEvents.processedAt, from, step);
  const lag = sql`greatest(0, extract(epoch from (${webhookEvents.processedAt} - ${webhookEvents.providerCreatedAt})))`;
  const rows = await db
    .select({
      bucket,
      processed: sql<string>`count(*)`,
      lagAvg: sql<string>`avg(${lag})`,
      lagP95: sql<string>`percentile_cont(0.95) within group (order by ${lag})`,
    })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.mode, mode), isNotNull(webhookEvents.processedAt), gte(webhookEvents.processedAt, from)))
    .groupBy(sql`1`);
  return rows.map((r) => ({ bucket: int(r.bucket), processed: int(r.processed), lagAvg: Number(r.lagAvg ?? 0), lagP95: Number(r.lagP95 ?? 0) }));
}

export async function failureSeries(db: DbOrTx, organizationId: string, mode: Mode, from: Date, step: number) {
  const bucket = bucketOf(eventAttempts.startedAt, from, step);
  const rows = await db
    .select({ bucket, failures: sql<string>`count(*)` })
    .from(eventAttempts)
    .innerJoin(webhookEvents, eq(webhookEvents.id, eventAttempts.eventId))
    .where(
      and(
        eq(webhookEvents.organizationId, organizationId),
        eq(webhookEvents.mode, mode),
        inArray(eventAttempts.outcome, ["failed", "dead"]),
        gte(eventAttempts.startedAt, from),
      ),
    )
    .groupBy(sql`1`);
  return rows.map((r) => ({ bucket: int(r.bucket), failures: int(r.failures) }));
}

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
