import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Db } from "@/db";
import { logger } from "@/lib/utils/logger";
import { inboxSignal } from "../ingest/inbox-writer";
import { defaultRetryPolicy, type RetryPolicy } from "./backoff";
import { claimWork } from "./claim-events";
import { withPreparedStatements } from "./prepared-statements";
import { settleBatch } from "./process-batch";
import { processEvent, type ProcessOutcome } from "./process-event";

export interface WorkerOptions {
  db: Db;
  /** Events processed at once by this worker. */
  concurrency: number;
  name?: string;
  /** How long a claim is held; a worker that dies mid-event loses it after this. */
  leaseMs?: number;
  /** Idle polling interval (other processes' deliveries and due retries). */
  pollMs?: number;
  policy?: RetryPolicy;
  /** Only this organization's events. */
  organizationId?: string;
}

export const workerName = (label = "worker") => `${label}@${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
/** How long a claim holds an event before another worker may take it over (its worker died). */
export const DEFAULT_LEASE_MS = 120_000;

/**
 * Claims and processes due events until nothing is claimable; returns the outcomes. The loop
 * below and the tests use it; several can run against one database at once.
 */
export async function drainEvents(options: WorkerOptions): Promise<ProcessOutcome[]> {
  const outcomes: ProcessOutcome[] = [];
  await pump({ ...options, name: options.name ?? workerName() }, outcomes);
  return outcomes;
}

/**
 * Keeps up to `concurrency` events in flight: as work finishes (or `wake` fires), the free slots
 * are claimed again, so a slow event (a provider re-fetch) holds one slot, never the others. A
 * claim settles its batch of newer subscription states itself (see settleBatch), so those events
 * hold no slot after it; one claim runs at a time. Returns when a claim finds nothing and nothing
 * is in flight; an error ends it only once the work in flight has finished.
 */
async function pump(options: WorkerOptions & { name: string }, outcomes: ProcessOutcome[] | null, wake?: () => Promise<void>, active = () => true) {
  const attempt = { worker: options.name, policy: options.policy ?? defaultRetryPolicy };
  const db = withPreparedStatements(options.db);
  const settle = settleBatch(options.db, options.name);
  // Claims wait for a quarter of the slots to be free (one transaction claims them all), so a
  // claim costs a fraction of a round trip per event, and a slow event still idles no other slot.
  const batch = Math.max(1, Math.floor(options.concurrency / 4));
  const inFlight = new Set<Promise<void>>();
  let claiming: Promise<void> | null = null;
  // The last claim found nothing due, and nothing has finished or woken the worker since.
  let dry = false;
  let failure: { error: unknown } | null = null;
  const track = (work: Promise<unknown>) => {
    const slot: Promise<void> = work.then(
      () => void (dry = false),
      (error: unknown) => void (failure ??= { error }),
    ).finally(() => inFlight.delete(slot));
    inFlight.add(slot);
  };
  for (;;) {
    const free = options.concurrency - inFlight.size;
    if (!claiming && !dry && (free >= batch || inFlight.size === 0) && !failure && active()) {
      claiming = claimWork(db, options.name, free, options.leaseMs ?? DEFAULT_LEASE_MS, options.organizationId, settle)
        .then(({ claimed, settled }) => {
          outcomes?.push(...settled.map((s) => s.status));
          dry = claimed.length === 0 && settled.length === 0;
          for (const event of claimed) track(processEvent(db, event, attempt).then((outcome) => void outcomes?.push(outcome)));
        })
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => (claiming = null));
    }
    if (!claiming && inFlight.size === 0 && (dry || failure || !active())) break;
    const waits: Promise<unknown>[] = [...inFlight];
    if (claiming) waits.push(claiming);
    if (wake) waits.push(wake().then(() => void (dry = false)));
    await Promise.race(waits);
  }
  const failed = failure as { error: unknown } | null;
  if (failed) throw failed.error;
}

/** A long-running worker: drains, then waits for a new delivery in this process or the poll interval. */
export function startWorker(options: WorkerOptions) {
  const name = options.name ?? workerName();
  const pollMs = options.pollMs ?? 1_000;
  let running = true;
  let wake: (() => void) | null = null;
  const onStored = () => wake?.();
  inboxSignal.on("stored", onStored);

  const loop = (async () => {
    logger.info({ worker: name, concurrency: options.concurrency }, "webhook worker started");
    while (running) {
      try {
        await pump({ ...options, name }, null, () => new Promise<void>((resolve) => (wake = resolve)), () => running);
      } catch (error) {
        logger.error({ err: error, worker: name }, "webhook worker cycle failed");
      }
      if (!running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();

  return {
    name,
    async stop() {
      running = false;
      inboxSignal.off("stored", onStored);
      wake?.();
      await loop;
      logger.info({ worker: name }, "webhook worker stopped");
    },
  };
}
