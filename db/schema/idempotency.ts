import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid, index } from "drizzle-orm/pg-core";
import { apiTokens, mode } from "./api-tokens";
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
 * Fixed one-minute windows of /v1 requests per API token. In the database so the limit holds
 * across every app process; old windows are deleted as new ones are counted.
 */
export const rateLimitWindows = pgTable(
  "rate_limit_windows",
  {
    tokenId: uuid()
      .notNull()
      .references(() => apiTokens.id, { onDelete: "cascade" }),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.windowStart] }), index().on(t.windowStart)],
);

export type IdempotencyKey = typeof idempotencyKeys.$inferSelect;
