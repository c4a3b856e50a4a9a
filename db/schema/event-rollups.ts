import { bigint, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, timestamp, uuid } from "drizzle-orm/pg-core";
import { mode } from "./api-tokens";

/**
 * Observability's hourly rollups of the inbox, one row per organization, mode and closed UTC
 * hour that saw anything: received events (and deliveries) by receipt hour, processed events by
 * processing hour with their lag (sum, and a log-scale histogram for the 95th percentile),
 * failed attempts by start hour. Written only by the `event-rollups` maintenance job, from the
 * same SQL the chart uses for the hours it reads live (`db/queries/event-rollups.ts`).
 */
export const eventHourlyRollups = pgTable(
  "event_hourly_rollups",
  {
    organizationId: uuid().notNull(),
    mode: mode().notNull(),
    hour: timestamp({ withTimezone: true }).notNull(),
    received: integer().notNull(),
    deliveries: integer().notNull(),
    processed: integer().notNull(),
    /** Seconds, exact: the mean lag is lagSum / processed. */
    lagSum: numeric().notNull(),
    /** Processed events per lag bucket ("k" → count); see `lagBucket`. */
    lagHistogram: jsonb().$type<Record<string, number>>().notNull(),
    failures: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.mode, t.hour] }), index().on(t.hour)],
);

/**
 * Hours whose rollup a later write made stale (an event processed again, redelivered, routed to
 * an organization, an attempt closed as failed, a row deleted…), inserted by triggers and never
 * updated, so concurrent writers never wait on one row. The chart reads these hours live until
 * the job recomputes them and deletes the marks it saw.
 */
export const eventRollupMarks = pgTable(
  "event_rollup_marks",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    organizationId: uuid().notNull(),
    mode: mode().notNull(),
    hour: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.organizationId, t.mode, t.hour)],
);

/** The hours the rollups cover, [rolledFrom, rolledThrough): one row, written by the job. */
export const eventRollupState = pgTable("event_rollup_state", {
  id: smallint().primaryKey().default(1),
  rolledFrom: timestamp({ withTimezone: true }).notNull(),
  rolledThrough: timestamp({ withTimezone: true }).notNull(),
});

export type EventHourlyRollup = typeof eventHourlyRollups.$inferSelect;
