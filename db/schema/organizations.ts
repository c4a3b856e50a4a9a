import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { provider } from "./provider-enum";

export const memberRole = pgEnum("member_role", ["owner", "admin", "viewer"]);

export const organizations = pgTable("organizations", {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  /** The provider a checkout that names none goes to (null: the oldest enabled connection's). */
  defaultProvider: provider(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const memberships = pgTable(
  "memberships",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: memberRole().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] }), index().on(t.userId)],
);

/**
 * An invitation to join an organization, accepted only through its link by a signed-in user
 * whose email is the invited one (lib/invitations/accept-invitation.ts). The link's token is
 * stored as its SHA-256 (`token_hash`), never in plain. A row is pending until accepted,
 * revoked or expired; re-sending replaces the hash, so the previous link stops working. Rows
 * from before links existed have no hash and cannot be accepted: they must be re-sent.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    email: text().notNull(),
    role: memberRole().notNull(),
    invitedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    tokenHash: text().unique(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    /** When the current link was issued (creation or the last re-send). */
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One open invitation per email and organization; accepted and revoked ones stay as history.
    uniqueIndex("invitations_open_email_index")
      .on(t.organizationId, t.email)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    index().on(t.email),
  ],
);

export type Organization = typeof organizations.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type MemberRole = (typeof memberRole.enumValues)[number];
export type Invitation = typeof invitations.$inferSelect;
