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
 * Handlers run in two phases so a database transaction is never held open across a network
 * call. `prepare` reads and calls the provider (re-fetches); the function it returns only
 * writes, in the transaction that first re-checks the worker's lease and also records the
 * event's outcome, so a worker that lost its lease commits nothing. When that function finds,
 * under its locks, something only the provider can settle, it throws `RetryAttempt` instead of
 * calling out.
 */
export type Apply = (tx: Tx) => Promise<Decision>;

export const decided =
  (kind: DecisionKind, note: string): Apply =>
  async () => ({ kind, note });

/**
 * The attempt cannot finish without a provider call its transaction may not make (a same-second
 * tie that appeared after `prepare` looked). Nothing is committed; the event is retried at once,
 * and the next `prepare` makes the call up front.
 */
export class RetryAttempt extends Error {
  constructor(reason: string) {
    super(`Retry: ${reason}`);
    this.name = "RetryAttempt";
  }
}
