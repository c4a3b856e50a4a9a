import { SandboxClock } from "./clock";
import type { ConektaStore } from "./conekta/store";
import { newId } from "./ids";
import type { Provider } from "./record-store";
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

/** An event to deliver; `endpoints` narrows it to some endpoints (Conekta's webhook test, resend). */
export interface EmittedEvent {
  provider: Provider;
  scope: string;
  eventId: string;
  endpoints?: string[];
}

type EventSink = (events: EmittedEvent[]) => void;

// Shared state of one sandbox instance: both providers' stores, the one clock, the public
// base URL and the buffer of events emitted by the operation in progress. Events are
// handed to delivery once the operation's state is complete, as one batch.
export class SandboxEngine {
  baseUrl = "";
  billing: BillingSettings = { ...DEFAULT_BILLING };
  private request: RequestInfo = { id: null, idempotency_key: null };
  private buffer: EmittedEvent[] = [];
  private sink: EventSink = () => {};
  private pinnedNow: number | null = null;

  constructor(
    /** Stripe's state (the name predates Conekta). */
    readonly store: SandboxStore,
    readonly conekta: ConektaStore,
    readonly clock: SandboxClock,
  ) {}

  get platformId(): string {
    return this.store.platformAccountId;
  }

  /** Sandbox time, or the test clock's time while work of a test clock's objects runs. */
  now(): number {
    return this.pinnedNow ?? this.clock.now();
  }

  /** Runs `fn` at a test clock's time `at` (null: sandbox time): what it creates and emits carries it. */
  atTime<T>(at: number | null, fn: () => T): T {
    const previous = this.pinnedNow;
    this.pinnedNow = at;
    try {
      return fn();
    } finally {
      this.pinnedNow = previous;
    }
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
    this.deliver({ provider: "stripe", scope, eventId: event.id });
    return event;
  }

  /** Queues an already stored event for delivery when the operation commits. */
  deliver(event: EmittedEvent): void {
    this.buffer.push(event);
  }

  /** Ends an operation: hands the batch of events to delivery, then persists both providers' state. */
  commit(): void {
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length > 0) this.sink(batch);
    this.store.flush();
    this.conekta.flush();
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
