import "server-only";
import type { Db, Tx } from "@/db";
import type { WebhookEvent } from "@/db/schema";
import type { ConnectionHandle } from "@/lib/providers/types";

export type DecisionKind = "applied" | "refetched" | "stale_skipped" | "duplicate" | "ignored";

/** What processing decided about one change of an event, recorded on the event. */
export interface Decision {
  kind: DecisionKind;
  note: string;
}

export interface HandlerContext {
  db: Db;
  event: WebhookEvent;
  handle: ConnectionHandle;
  log(message: string, level?: "info" | "warn" | "error"): void;
}

/**
 * Handlers run in two phases so provider calls (re-fetches) never happen inside a database
 * transaction: `prepare` may call the provider; the function it returns writes, in the
 * transaction that also records the event's outcome.
 */
export type Apply = (tx: Tx) => Promise<Decision>;

export const decided =
  (kind: DecisionKind, note: string): Apply =>
  async () => ({ kind, note });
