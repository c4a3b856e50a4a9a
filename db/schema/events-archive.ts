import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { mode } from "./api-tokens";
import { provider } from "./connections";
import { eventStatus } from "./events";

/** One processing attempt as the archive keeps it: the `event_attempts` row, folded into its event. */
export interface ArchivedAttempt {
  id: number;
  worker: string;
  requestedBy: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  outcome: "processed" | "ignored" | "failed" | "dead" | null;
  error: string | null;
  logs: { at: string; level: string; message: string }[];
}

/**
 * Settled events older than BEACON_EVENT_RETENTION_DAYS, moved out of the hot inbox by the
 * `event-archive` maintenance job with their raw body and attempts, so the inbox's indexes stay
 * the size of the retention window. Same id as in the inbox: links to an event keep working.
 * Unique on provider + account + event id like the inbox, which consults it before storing an
 * old event, so a redelivery of an archived event stays a duplicate.
 */
export const archivedEvents = pgTable(
  "webhook_events_archive",
  {
    id: uuid().primaryKey(),
    provider: provider().notNull(),
    mode: mode().notNull(),
    account: text().notNull(),
    providerEventId: text().notNull(),
    type: text().notNull(),
    apiVersion: text(),
    endpointId: uuid(),
    organizationId: uuid(),
    connectionId: uuid(),
    providerCreatedAt: timestamp({ withTimezone: true }).notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    processedAt: timestamp({ withTimezone: true }),
    /** Only settled events are archived: processed or ignored. */
    status: eventStatus().notNull(),
    decision: text(),
    decisionNote: text(),
    lastError: text(),
    attempts: integer().notNull(),
    /** Deliveries counted in the inbox, plus redeliveries that arrived after archiving. */
    deliveries: integer().notNull(),
    objectRefs: jsonb().$type<Record<string, string>>().notNull(),
    // TOAST compresses bodies over ~2 KB on its own; nothing more is needed for text this regular.
    rawBody: text().notNull(),
    attemptLog: jsonb().$type<ArchivedAttempt[]>().notNull(),
    archivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("webhook_events_archive_key_index").on(t.provider, t.account, t.providerEventId),
    // Search by provider event id within an organization.
    index("webhook_events_archive_org_provider_event_id_index").on(t.organizationId, t.providerEventId),
    // The accounting export's month of events, in keyset order.
    index("webhook_events_archive_log_index").on(t.organizationId, t.mode, t.receivedAt, t.id),
  ],
);

export type ArchivedEvent = typeof archivedEvents.$inferSelect;
