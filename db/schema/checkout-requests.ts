import { bigserial, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { mode } from "./api-tokens";
import { actorType } from "./audit";
import { organizations } from "./organizations";

/** Which door a call about a checkout came through. */
export const checkoutRequestKind = pgEnum("checkout_request_kind", ["create", "dashboard_create", "api_confirm", "dashboard_confirm", "return"]);

export const checkoutRequestOutcome = pgEnum("checkout_request_outcome", [
  "created",
  "replayed",
  "conflict_in_flight",
  "key_reused_422",
  "duplicate_subscription_409",
  "error",
  /** A confirmation that moved the checkout (or linked its subscription). */
  "confirmed",
  /** A confirmation that found nothing new. */
  "unchanged",
]);

/**
 * Append-only log of every create call (with its Idempotency-Key: replays, conflicts and refusals
 * included) and every confirmation attempt, for the checkout's causal chain. `checkoutId` has no
 * foreign key on purpose: a refused create names the id its key would have created, and writing
 * this record must never fail the request it describes.
 */
export const checkoutRequests = pgTable(
  "checkout_requests",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    mode: mode().notNull(),
    kind: checkoutRequestKind().notNull(),
    idempotencyKey: text(),
    checkoutId: uuid(),
    method: text().notNull(),
    path: text().notNull(),
    outcome: checkoutRequestOutcome().notNull(),
    /** The HTTP status answered; null for the buyer's return page. */
    status: integer(),
    requestId: text(),
    /** sha256 of the canonical body (creates), so a reused key's other body is visible. */
    fingerprint: text(),
    /** What the provider said the checkout was (confirmations). */
    providerStatus: text(),
    /** The error's message or problem code, when refused or failed. */
    detail: text(),
    actorType: actorType(),
    actorId: text(),
    actorLabel: text(),
    /** When the request started, so it sorts before what it caused. */
    startedAt: timestamp({ withTimezone: true }).notNull(),
    durationMs: integer().notNull(),
  },
  (t) => [index().on(t.checkoutId, t.startedAt), index().on(t.organizationId, t.mode, t.idempotencyKey)],
);

export type CheckoutRequestKind = (typeof checkoutRequestKind.enumValues)[number];
export type CheckoutRequestOutcome = (typeof checkoutRequestOutcome.enumValues)[number];
export type CheckoutRequestRecord = typeof checkoutRequests.$inferSelect;
export type NewCheckoutRequestRecord = typeof checkoutRequests.$inferInsert;
