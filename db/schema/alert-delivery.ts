import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { mode } from "./api-tokens";
import { vaultSecrets } from "./connections";
import { organizations } from "./organizations";

export const alertDestinationKind = pgEnum("alert_destination_kind", ["webhook", "email"]);
export const alertMinSeverity = pgEnum("alert_min_severity", ["critical", "warning"]);

/** Where an organization's alerts are sent: a webhook URL (signed) or an email address. */
export const alertDestinations = pgTable(
  "alert_destinations",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    kind: alertDestinationKind().notNull(),
    /** The https URL or the email address. */
    target: text().notNull(),
    /** Webhooks: the HMAC signing secret, sealed in the vault. */
    secretId: uuid().references(() => vaultSecrets.id),
    /** The secret's last four characters, safe to show. */
    secretHint: text(),
    minSeverity: alertMinSeverity().notNull().default("critical"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId)],
);

export const alertNotificationStatus = pgEnum("alert_notification_status", ["pending", "sent", "failed"]);

/**
 * One alert sent (or being sent) to one destination. An alert that is still firing is sent once:
 * `resolvedAt` marks when its cause went away, after which a new firing is a new notification.
 */
export const alertNotifications = pgTable(
  "alert_notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    destinationId: uuid()
      .notNull()
      .references(() => alertDestinations.id, { onDelete: "cascade" }),
    organizationId: uuid().notNull(),
    mode: mode().notNull(),
    /** The alert's stable id (`dead_events`, `signature_failures:stripe:…`), or `test`. */
    alertId: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: alertNotificationStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastError: text(),
    sentAt: timestamp({ withTimezone: true }),
    resolvedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.status, t.nextAttemptAt),
    // One open notification per destination and alert: the dispatcher's conflict target.
    uniqueIndex("alert_notifications_open").on(t.destinationId, t.mode, t.alertId).where(sql`resolved_at is null`),
  ],
);

export type AlertDestination = typeof alertDestinations.$inferSelect;
export type AlertNotification = typeof alertNotifications.$inferSelect;
