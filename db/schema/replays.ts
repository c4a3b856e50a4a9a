import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { mode } from "./api-tokens";
import { organizations } from "./organizations";

/** What a bulk replay selected: the filter, as the member chose it. */
export interface ReplayFilter {
  provider?: "stripe" | "conekta";
  type?: string;
  status: "dead" | "failed" | "ignored";
  from?: string;
  to?: string;
  objectId?: string;
}

/**
 * One bulk replay: which events a member put back in the queue, and when. Progress and the result
 * are read from the events themselves (`event_replay_items` → `webhook_events`), never copied.
 */
export const eventReplays = pgTable(
  "event_replays",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    mode: mode().notNull(),
    filter: jsonb().$type<ReplayFilter>().notNull(),
    /** Events put back in the queue (any a worker held at that moment were left to it). */
    queued: integer().notNull(),
    requestedBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId, t.createdAt)],
);

// No foreign key to webhook_events: the inbox has none on its hot path (see events.ts).
export const eventReplayItems = pgTable(
  "event_replay_items",
  {
    replayId: uuid()
      .notNull()
      .references(() => eventReplays.id, { onDelete: "cascade" }),
    eventId: uuid().notNull(),
  },
  (t) => [primaryKey({ columns: [t.replayId, t.eventId] })],
);

export type EventReplay = typeof eventReplays.$inferSelect;
