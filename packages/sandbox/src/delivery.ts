import type { EmittedEvent } from "./engine";
import { newId } from "./ids";
import type { DeliveryAttempt, DeliveryLog, PendingDelivery, Provider } from "./record-store";

export interface DeliveryOptions {
  /** Attempts per (event, endpoint), including the first. */
  maxAttempts: number;
  /** Backoff before retry n is retryBaseMs * 2^(n-1). The providers' hours, shrunk for tests. */
  retryBaseMs: number;
  timeoutMs: number;
  /** Test knobs: send each event twice; send each batch in reverse order; wait before sending. */
  duplicate: boolean;
  reorder: boolean;
  delayMs: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  maxAttempts: 4,
  retryBaseMs: 60_000,
  timeoutMs: 10_000,
  duplicate: false,
  reorder: false,
  delayMs: 0,
};

export interface DeliveryRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What delivery needs from a provider: who receives an event, and the signed request. */
export interface DeliveryChannel {
  /** Where the provider's queue and attempts are persisted (its own state file). */
  readonly store: DeliveryLog;
  /** Endpoint ids that receive the event (limited to `only` when given); marks them pending on the event. */
  targets(scope: string, eventId: string, only?: string[]): string[];
  /** The signed request, or null once the endpoint is deleted or disabled, or the event is gone. */
  request(job: PendingDelivery): DeliveryRequest | null;
  /** Mirrors an attempt onto the event (pending counts, webhook logs); `final` when no retry follows. */
  recordOutcome(job: PendingDelivery, outcome: { ok: boolean; status: number | null; final: boolean }): void;
}

/**
 * At-least-once webhook delivery for both providers. One in-flight request per endpoint keeps
 * the default order equal to emission order; failures are retried later with exponential
 * backoff; every attempt is recorded. The queue lives in each provider's store, so deliveries
 * pending at shutdown (or interrupted by it) are sent after the next start.
 */
export class WebhookDelivery {
  private options: DeliveryOptions;
  private readonly busy = new Set<string>();
  private readonly inFlight = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private pumpScheduled = false;
  private waiters: (() => void)[] = [];
  private closed = false;
  // Aborts in-flight requests when the sandbox shuts down.
  private readonly shutdown = new AbortController();

  constructor(
    private readonly channels: Record<Provider, DeliveryChannel>,
    options: Partial<DeliveryOptions> = {},
  ) {
    this.options = { ...DEFAULT_DELIVERY, ...options };
  }

  configure(options: Partial<DeliveryOptions>): void {
    this.options = { ...this.options, ...options };
  }

  get settings(): DeliveryOptions {
    return { ...this.options };
  }

  /** Every attempt of both providers, oldest first. */
  attempts(): readonly DeliveryAttempt[] {
    return Object.values(this.channels)
      .flatMap((channel) => channel.store.deliveryAttempts)
      .sort((a, b) => a.at - b.at);
  }

  /** Called with each operation's events, in emission order. */
  enqueue(batch: EmittedEvent[]): void {
    const ordered = this.options.reorder ? [...batch].reverse() : batch;
    const notBefore = Date.now() + this.options.delayMs;
    const copies = this.options.duplicate ? 2 : 1;
    for (const { provider, scope, eventId, endpoints } of ordered) {
      const channel = this.channels[provider];
      for (const endpointId of channel.targets(scope, eventId, endpoints)) {
        for (let i = 0; i < copies; i += 1) {
          channel.store.saveDelivery({ id: newId("whq"), eventId, scope, endpointId, attempt: 1, notBefore });
        }
      }
    }
    this.schedulePump();
  }

  /** Starts sending what an earlier run left queued. */
  resume(): void {
    this.pump();
  }

  /** Resolves once nothing is queued or in flight (tests bound it with their own timeout). */
  idle(): Promise<void> {
    if (!this.waiting()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops delivering and aborts requests in flight; the queue stays persisted for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.shutdown.abort();
    await this.idle();
  }

  private waiting(): boolean {
    if (this.busy.size > 0) return true;
    return !this.closed && Object.values(this.channels).some((c) => c.store.deliveryQueue.size > 0);
  }

  private settle(): void {
    if (this.waiting()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  // A clock advance enqueues a batch per renewal, synchronously: one pass over the queue after
  // the batches, not one per batch.
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.closed) return this.settle();
    const now = Date.now();
    let nextAt = Infinity;
    for (const [provider, channel] of Object.entries(this.channels) as [Provider, DeliveryChannel][]) {
      for (const job of channel.store.deliveryQueue.values()) {
        const lane = `${provider}:${job.endpointId}`;
        if (this.inFlight.has(job.id) || this.busy.has(lane)) continue;
        if (job.notBefore > now) {
          nextAt = Math.min(nextAt, job.notBefore);
          continue;
        }
        this.busy.add(lane);
        this.inFlight.add(job.id);
        void this.send(provider, channel, job).finally(() => {
          this.busy.delete(lane);
          this.inFlight.delete(job.id);
          this.pump();
        });
      }
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = nextAt === Infinity ? null : setTimeout(() => this.pump(), Math.max(0, nextAt - now));
    this.settle();
  }

  private async send(provider: Provider, channel: DeliveryChannel, job: PendingDelivery): Promise<void> {
    const dequeue = () => channel.store.dropDelivery(job);
    const request = channel.request(job);
    if (!request) {
      dequeue();
      return channel.store.flush();
    }
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(request.url, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.shutdown.signal]),
        headers: request.headers,
        body: request.body,
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    // Interrupted by shutdown: not an attempt; the job stays queued for the next start.
    if (this.shutdown.signal.aborted) return;
    const ok = status !== null && status >= 200 && status < 300;
    channel.store.recordAttempt({
      id: newId("wha"),
      provider,
      eventId: job.eventId,
      endpointId: job.endpointId,
      attempt: job.attempt,
      at: Date.now(),
      status,
      error,
      ok,
    });
    const final = ok || job.attempt >= this.options.maxAttempts;
    if (final) {
      dequeue();
    } else {
      job.notBefore = Date.now() + this.options.retryBaseMs * 2 ** (job.attempt - 1);
      job.attempt += 1;
      channel.store.saveDelivery(job);
    }
    channel.recordOutcome(job, { ok, status, final });
    channel.store.flush();
  }
}
