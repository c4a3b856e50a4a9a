import "server-only";
import { createHmac } from "node:crypto";
import type { SandboxEngine } from "./engine";
import { newId } from "./ids";
import type { EventModel, WebhookEndpointModel } from "./stripe/models-billing";
import { renderEvent } from "./stripe/render-core";
import type { DeliveryAttempt } from "./store";

export interface DeliveryOptions {
  /** Attempts per (event, endpoint), including the first. */
  maxAttempts: number;
  /** Backoff before retry n is retryBaseMs * 2^(n-1). Stripe's hours, shrunk for tests. */
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

interface Job {
  eventId: string;
  scope: string;
  endpointId: string;
  attempt: number;
  notBefore: number;
}

/** Stripe's signature header: HMAC-SHA256 of `${t}.${body}` keyed by the whole whsec_ secret. */
export function signPayload(payload: string, secret: string, timestamp: number): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

// Connect endpoints receive connected-account events; the others, their own account's events.
export function endpointsFor(engine: SandboxEngine, scope: string, type: string): WebhookEndpointModel[] {
  const wants = (e: WebhookEndpointModel) =>
    e.status === "enabled" && (e.enabled_events.includes("*") || e.enabled_events.includes(type));
  const own = engine.store.list("webhook_endpoint", scope).filter((e) => !e.connect && wants(e));
  const connect =
    scope === engine.platformId
      ? []
      : engine.store.list("webhook_endpoint", engine.platformId).filter((e) => e.connect && wants(e));
  return [...own, ...connect].reverse();
}

/**
 * At-least-once webhook delivery. One in-flight request per endpoint keeps the
 * default order equal to emission order; failures are retried later with
 * exponential backoff and every attempt is recorded in the store.
 */
export class WebhookDelivery {
  private options: DeliveryOptions;
  private jobs: Job[] = [];
  private readonly busy = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private waiters: (() => void)[] = [];
  private closed = false;
  // Aborts in-flight requests when the sandbox shuts down.
  private readonly shutdown = new AbortController();

  constructor(
    private readonly engine: SandboxEngine,
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

  attempts(): readonly DeliveryAttempt[] {
    return this.engine.store.deliveryAttempts;
  }

  /** Called with each operation's events, in emission order. */
  enqueue(batch: { scope: string; event: EventModel }[]): void {
    const ordered = this.options.reorder ? [...batch].reverse() : batch;
    const notBefore = Date.now() + this.options.delayMs;
    for (const { scope, event } of ordered) {
      const endpoints = endpointsFor(this.engine, scope, event.type);
      event.pending_webhooks = endpoints.length;
      const copies = this.options.duplicate ? 2 : 1;
      for (const endpoint of endpoints) {
        for (let i = 0; i < copies; i += 1) {
          this.jobs.push({ eventId: event.id, scope, endpointId: endpoint.id, attempt: 1, notBefore });
        }
      }
    }
    this.engine.store.touch();
    this.pump();
  }

  /** Resolves once nothing is queued or in flight (tests bound it with their own timeout). */
  idle(): Promise<void> {
    if (this.jobs.length === 0 && this.busy.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops delivering: drops queued jobs and aborts requests in flight. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.jobs = [];
    this.shutdown.abort();
    await this.idle();
  }

  private settle(): void {
    if (this.jobs.length > 0 || this.busy.size > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private pump(): void {
    if (this.closed) return this.settle();
    const now = Date.now();
    let nextAt = Infinity;
    for (const job of [...this.jobs]) {
      if (this.busy.has(job.endpointId)) continue;
      if (job.notBefore > now) {
        nextAt = Math.min(nextAt, job.notBefore);
        continue;
      }
      this.jobs.splice(this.jobs.indexOf(job), 1);
      this.busy.add(job.endpointId);
      void this.send(job).finally(() => {
        this.busy.delete(job.endpointId);
        this.pump();
      });
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = nextAt === Infinity ? null : setTimeout(() => this.pump(), Math.max(0, nextAt - now));
    this.settle();
  }

  private async send(job: Job): Promise<void> {
    const endpoint = this.engine.store.get("webhook_endpoint", job.endpointId);
    const event = this.engine.store.get("event", job.eventId);
    // Deleted or disabled endpoints stop receiving, including pending retries.
    if (!endpoint || endpoint.status !== "enabled" || !event) return;
    const payload = JSON.stringify(renderEvent(event), null, 2);
    const timestamp = Math.floor(Date.now() / 1000);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(endpoint.url, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.shutdown.signal]),
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "stripe-signature": signPayload(payload, endpoint.secret, timestamp),
        },
        body: payload,
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const ok = status !== null && status >= 200 && status < 300;
    this.engine.store.recordAttempt({
      id: newId("wha"),
      eventId: event.id,
      endpointId: endpoint.id,
      attempt: job.attempt,
      at: Date.now(),
      status,
      error,
      ok,
    });
    if (ok) {
      event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
    } else if (job.attempt < this.options.maxAttempts && !this.closed) {
      const delay = this.options.retryBaseMs * 2 ** (job.attempt - 1);
      this.jobs.push({ ...job, attempt: job.attempt + 1, notBefore: Date.now() + delay });
    }
    if (!this.closed) this.engine.store.flush();
  }
}
