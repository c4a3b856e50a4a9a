import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { mode } from "./api-tokens";
import { provider, webhookEndpoints } from "./connections";
import { organizations } from "./organizations";

export const eventStatus = pgEnum("event_status", ["pending", "processing", "processed", "ignored", "failed", "dead"]);

/**
 * The inbox: every verified delivery, stored before Beacon answers 2xx. Unique on provider +
 * account + event id, so a redelivery is counted, never stored twice.
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    provider: provider().notNull(),
    mode: mode().notNull(),
    /** `acct_…` for Stripe Connect events, '' for the platform account; the Conekta connection id. */
    account: text().notNull().default(""),
    providerEventId: text().notNull(),
    type: text().notNull(),
    /** The provider API version the event was rendered at (Stripe's `api_version`); null when the provider sends none. */
    apiVersion: text(),
    // No foreign keys on the inbox's hot path: each one made every insert check, and share-lock,
    // the same endpoint, organization and connection rows that every concurrent delivery locks
    // too (about a third more database CPU per inserted event, measured on PostgreSQL 15).
    // These ids are copied from rows Beacon never deletes; removing an organization must delete
    // its events.
    endpointId: uuid(),
    /** Resolved from `account` at ingestion; null while no connection claims it. */
    organizationId: uuid(),
    connectionId: uuid(),
    /** The provider's event time (`created` / `created_at`): the ordering that counts. */
    providerCreatedAt: timestamp({ withTimezone: true }).notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    rawBody: text().notNull(),
    /** Objects the event concerns, for correlation: subscription, checkout, customer, invoice ids. */
    objectRefs: jsonb().$type<Record<string, string>>().notNull().default({}),
    status: eventStatus().notNull().default("pending"),
    /** What processing decided: applied, stale_skipped, refetched, ignored (with `decisionNote`). */
    decision: text(),
    decisionNote: text(),
    attempts: integer().notNull().default(0),
    deliveries: integer().notNull().default(1),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    leaseOwner: text(),
    leaseExpiresAt: timestamp({ withTimezone: true }),
    lastError: text(),
    processedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex().on(t.provider, t.account, t.providerEventId),
    index().on(t.status, t.nextAttemptAt),
    // Workers claim due events oldest provider time first; with this index a claim reads only
    // the rows it takes, however large the backlog.
    index().on(t.status, t.providerCreatedAt),
    // The event log, newest first, paged on (receivedAt, id): the id makes the cursor unique.
    index("webhook_events_log_index").on(t.organizationId, t.mode, t.receivedAt, t.id),
    // The log filtered by status, and its bounded status counts.
    index("webhook_events_log_status_index").on(t.organizationId, t.mode, t.status, t.receivedAt, t.id),
    // Search and correlation by object id (`object_refs @> '{"subscription":"sub_…"}'`).
    index("webhook_events_object_refs_index").using("gin", t.objectRefs.op("jsonb_path_ops")),
    // Search by provider event id, and a subscription timeline's links to its events.
    index("webhook_events_org_provider_event_id_index").on(t.organizationId, t.providerEventId),
    // Observability's processed series (with the lag, read from the index alone).
    index("webhook_events_processed_index")
      .on(t.organizationId, t.mode, t.processedAt, t.providerCreatedAt)
      .where(sql`${t.processedAt} is not null`),
    // The worker's take-over of expired leases: only the events being processed.
    // The alerts' probes: the newest versioned event per endpoint (API version drift), and the
    // events a worker owes (inbox backlog), without reading a week of events or every failed one.
    index("webhook_events_api_version_index")
      .on(t.organizationId, t.mode, t.endpointId, t.receivedAt)
      .where(sql`${t.apiVersion} is not null and ${t.endpointId} is not null`),
    index("webhook_events_due_index")
      .on(t.organizationId, t.mode, t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'failed')`),
    index("webhook_events_expired_lease_index")
      .on(t.leaseExpiresAt)
      .where(sql`${t.status} = 'processing'`),
  ],
);

/** A delivery Beacon refused (bad signature, unparseable): no payload, only what explains it. */
export const webhookRejections = pgTable(
  "webhook_rejections",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    provider: provider().notNull(),
    endpointId: uuid().references(() => webhookEndpoints.id, { onDelete: "set null" }),
    organizationId: uuid().references(() => organizations.id, { onDelete: "cascade" }),
    reason: text().notNull(),
    detail: text(),
    /** Seconds between the signature timestamp and receipt, when the header carried one. */
    skewSeconds: integer(),
    bodySha256: text().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId, t.receivedAt), index().on(t.receivedAt)],
);

export const attemptOutcome = pgEnum("attempt_outcome", ["processed", "ignored", "failed", "dead"]);

/** One processing attempt of an event, with its handler's log lines. */
export const eventAttempts = pgTable(
  "event_attempts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    eventId: uuid()
      .notNull()
      .references(() => webhookEvents.id, { onDelete: "cascade" }),
    worker: text().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    finishedAt: timestamp({ withTimezone: true }),
    durationMs: integer(),
    outcome: attemptOutcome(),
    error: text(),
    logs: jsonb().$type<{ at: string; level: string; message: string }[]>().notNull().default([]),
    /** Set when an admin asked for it. */
    requestedBy: text(),
  },
  (t) => [
    index().on(t.eventId, t.startedAt),
    // The failure-rate alert's recent attempts; the failure series' failed ones.
    index().on(t.startedAt),
    index("event_attempts_failures_index").on(t.startedAt).where(sql`${t.outcome} in ('failed', 'dead')`),
  ],
);

export type EventStatus = (typeof eventStatus.enumValues)[number];
export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type WebhookRejection = typeof webhookRejections.$inferSelect;
export type EventAttempt = typeof eventAttempts.$inferSelect;
