import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { organizations } from "./organizations";

export const mode = pgEnum("mode", ["test", "live"]);
export const tokenScope = pgEnum("token_scope", ["integration", "read"]);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    mode: mode().notNull(),
    scopes: tokenScope().array().notNull(),
    /** The token's first characters (`bcn_test_AbCd`), safe to show; the rest exists only as a hash. */
    prefix: text().notNull(),
    tokenHash: text().notNull().unique(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.organizationId, t.createdAt)],
);

export type ApiToken = typeof apiTokens.$inferSelect;
export type Mode = (typeof mode.enumValues)[number];
export type TokenScope = (typeof tokenScope.enumValues)[number];
