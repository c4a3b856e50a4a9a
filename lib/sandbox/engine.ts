import "server-only";
import { SandboxClock } from "./clock";
import { newId } from "./ids";
import type { SandboxStore } from "./store";
import type { EventModel } from "./stripe/models-billing";

export const API_VERSION = "2026-10-28.endive";

export interface RequestInfo {
  id: string | null;
  idempotency_key: string | null;
}

export interface BillingSettings {
  /** Days to wait after each failed renewal attempt before the next one; then the subscription is canceled. */
  retryScheduleDays: number[];
  /** Renewal invoices stay draft this long before finalizing and charging (Stripe: one hour). */
  finalizeDelaySeconds: number;
}

export const DEFAULT_BILLING: BillingSettings = { retryScheduleDays: [3, 5, 7], finalizeDelaySeconds: 3600 };

type EventSink = (events: { scope: string; event: EventModel }[]) => void;

// Shared state of one sandbox instance: store, clock, the public base URL and the
// buffer of events emitted by the operation in progress. Events are handed to
// delivery once the operation's state is complete, as one batch.
export class SandboxEngine {
  baseUrl = "";
  billing: BillingSettings = { ...DEFAULT_BILLING };
  private request: RequestInfo = { id: null, idempotency_key: null };
  private buffer: { scope: string; event: EventModel }[] = [];
  private sink: EventSink = () => {};

  constructor(
    readonly store: SandboxStore,
    readonly clock: SandboxClock,
  ) {}

  get platformId(): string {
    return this.store.platformAccountId;
  }

  now(): number {
    return this.clock.now();
  }

  onEvents(sink: EventSink): void {
    this.sink = sink;
  }

  /** Runs `fn` as one API request: events it emits carry the request id. */
  withRequest<T>(info: RequestInfo, fn: () => T): T {
    const previous = this.request;
    this.request = info;
    try {
      return fn();
    } finally {
      this.request = previous;
    }
  }

  /**
   * Records an event. `scope` is the account where it happened: connected-account
   * events carry `account` and go to Connect endpoints.
   */
  emit(scope: string, type: string, object: Record<string, unknown>, previous?: Record<string, unknown>): EventModel {
    const event: EventModel = {
      id: newId("evt"),
      created: this.now(),
      type,
      account: scope === this.platformId ? null : scope,
      data: previous ? { object, previous_attributes: previous } : { object },
      request: { ...this.request },
      pending_webhooks: 0,
    };
    this.store.insert("event", scope, event);
    this.buffer.push({ scope, event });
    return event;
  }

  /** Ends an operation: persists state and hands the batch of events to delivery. */
  commit(): void {
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length > 0) this.sink(batch);
    this.store.flush();
  }
}

// Stripe's previous_attributes: for hashes only the changed keys, recursively; arrays whole.
export function previousAttributes(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(before)) {
    const a = before[key];
    const b = after[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (isPlainObject(a) && isPlainObject(b)) {
      out[key] = previousAttributes(a, b) ?? {};
    } else {
      out[key] = a;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
