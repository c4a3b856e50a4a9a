import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid, index } from "drizzle-orm/pg-core";
import { mode } from "./api-tokens";
import { organizations } from "./organizations";

/**
 * Idempotency-Key records, scoped to organization + mode. `responseStatus` null means the
 * first request is still in flight; `lockedUntil` lets a crashed request's key be taken over.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    mode: mode().notNull(),
    key: text().notNull(),
    operation: text().notNull(),
    fingerprint: text().notNull(),
    responseStatus: integer(),
    responseBody: jsonb(),
    lockedUntil: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.mode, t.key] }), index().on(t.expiresAt)],
);

/**
 * Fixed-window request counters, one row per bucket and window. A bucket names who is counted
 * and for what (`token:<id>`, `signin:email:<sha256>`, `signup:ip:<ip>`…). In the database so a
 * limit holds across every app process; finished windows are deleted as new ones are counted
 * and by the maintenance purge (`expiresAt`).
 */
export const rateLimitBuckets = pgTable(
  "rate_limit_buckets",
  {
    bucket: text().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull().default(0),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] }), index().on(t.expiresAt)],
);

export type IdempotencyKey = typeof idempotencyKeys.$inferSelect;
