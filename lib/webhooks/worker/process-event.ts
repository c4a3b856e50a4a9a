import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { eventAttempts, webhookEvents, type WebhookEvent } from "@/db/schema";
import { findConnectionByAccount, loadConnectionHandle } from "@/lib/connections/load-connection";
import { traitsOf } from "@/lib/providers/traits";
import { ProviderObjectNotFound } from "@/lib/providers/events-port";
import type { ConnectionHandle } from "@/lib/providers/types";
import { logger, withLogContext } from "@/lib/utils/logger";
import { prepareEvent } from "../handlers/prepare-event";
import { decided, RetryAttempt } from "../handlers/types";
import { retryDelayMs, type RetryPolicy } from "./backoff";

type LogLine = { at: string; level: string; message: string };

class LeaseLost extends Error {}

export interface ProcessOptions {
  worker: string;
  policy: RetryPolicy;
  /** The member who asked for a reprocess. */
  requestedBy?: string;
}

export type ProcessOutcome = "processed" | "ignored" | "failed" | "dead" | "lease_lost";

/**
 * One attempt at a claimed event. The handlers prepare first, outside any transaction (reads and
 * provider calls); then their writes, the event's decision and the attempt record commit in one
 * transaction that first re-checks the lease: a worker whose lease expired (and was taken over)
 * commits nothing, so an event's effects happen once.
 */
/** How many times one attempt prepares again after a same-second tie before it gives way to a retry. */
const inPlaceRounds = 3;

export function processEvent(db: Db, claimed: WebhookEvent, options: ProcessOptions): Promise<ProcessOutcome> {
  // Every log line of the attempt carries the event it is about.
  const ids = { eventId: claimed.id, providerEventId: claimed.providerEventId, organizationId: claimed.organizationId ?? undefined };
  return withLogContext(ids, () => attemptEvent(db, claimed, options));
}

async function attemptEvent(db: Db, claimed: WebhookEvent, options: ProcessOptions): Promise<ProcessOutcome> {
  const startedAt = new Date();
  const logs: LogLine[] = [];
  const log = (message: string, level = "info") => logs.push({ at: new Date().toISOString(), level, message });
  // An unfinished earlier attempt belongs to a worker that stopped mid-event.
  if (claimed.attempts > 1) {
    await db
      .update(eventAttempts)
      .set({ finishedAt: startedAt, outcome: "failed", error: "Abandoned: the worker stopped before finishing; its lease expired and the event was taken over" })
      .where(and(eq(eventAttempts.eventId, claimed.id), isNull(eventAttempts.finishedAt)));
  }
  const [attempt] = await db
    .insert(eventAttempts)
    .values({ eventId: claimed.id, worker: options.worker, startedAt, requestedBy: options.requestedBy ?? null })
    .returning({ id: eventAttempts.id });
  const finish = (outcome: "processed" | "ignored" | "failed" | "dead", error: string | null) => ({
    finishedAt: new Date(),
    durationMs: Date.now() - startedAt.getTime(),
    outcome,
    error,
    logs,
  });
  log(`attempt ${claimed.attempts} of ${claimed.type} ${claimed.providerEventId} by ${options.worker}`);

  let event = claimed;
  try {
    event = await routeEvent(db, claimed, log);
    const routed = event;
    const prepare = async () =>
      routed.connectionId
        ? prepareEvent({ db, event: routed, handle: await connectionHandle(db, routed.connectionId), log: (m, level) => log(m, level) })
        : decided("ignored", routed.decisionNote ?? "No Beacon connection claims this event's account");
    const settle = (apply: Awaited<ReturnType<typeof prepare>>) =>
      db.transaction(async (tx) => {
        const [row] = await tx.select({ leaseOwner: webhookEvents.leaseOwner }).from(webhookEvents).where(eq(webhookEvents.id, claimed.id)).for("update");
        if (row?.leaseOwner !== options.worker) throw new LeaseLost();
        const decision = await apply(tx);
        const status = decision.kind === "ignored" ? "ignored" : "processed";
        log(`decision: ${decision.kind} — ${decision.note}`);
        await tx.update(webhookEvents).set(settledAs(status, decision, routed)).where(eq(webhookEvents.id, claimed.id));
        await tx.update(eventAttempts).set(finish(status, null)).where(eq(eventAttempts.id, attempt!.id));
        return status;
      });
    // A same-second tie found under the lock rolls the transaction back (RetryAttempt); the attempt
    // prepares again at once, and that prepare sees the tie and re-fetches before any transaction.
    // Only a tie that keeps coming back (workers racing on one object) ends the attempt as a retry.
    for (let round = 1; ; round++) {
      try {
        return await settle(await prepare());
      } catch (error) {
        if (!(error instanceof RetryAttempt) || round >= inPlaceRounds) throw error;
        log(`${error.message}; preparing again`, "warn");
      }
    }
  } catch (error) {
    if (error instanceof ProviderObjectNotFound) return settleMissingObject(db, event, options, error, log, finish, attempt!.id);
    return fail(db, claimed, options, error, log, (outcome, message) => finish(outcome, message), attempt!.id);
  }
}

/** What a settled event's row says: its outcome and decision, the event's routing, its lease released. */
function settledAs(status: "processed" | "ignored", decision: { kind: WebhookEvent["decision"]; note: string }, event: WebhookEvent) {
  return {
    status,
    decision: decision.kind,
    decisionNote: decision.note,
    organizationId: event.organizationId,
    connectionId: event.connectionId,
    processedAt: new Date(),
    leaseOwner: null,
    leaseExpiresAt: null,
    lastError: null,
  };
}

/**
 * A re-fetch answered 404: the object is gone at the provider, so no retry can succeed. The event
 * is settled as `ignored` at once, with the reason, instead of retrying into `dead`. Whatever the
 * attempt had prepared was never committed (the failure came before or inside its transaction).
 */
async function settleMissingObject(
  db: Db,
  event: WebhookEvent,
  options: ProcessOptions,
  error: ProviderObjectNotFound,
  log: (message: string, level?: string) => void,
  finish: (outcome: "ignored" | "failed", error: string | null) => object,
  attemptId: number,
): Promise<ProcessOutcome> {
  const note = `Not applied: ${error.message} on re-fetch; the ${error.object} no longer exists at the provider, so retrying cannot help`;
  const settled = await db
    .update(webhookEvents)
    .set(settledAs("ignored", { kind: "ignored", note }, event))
    .where(and(eq(webhookEvents.id, event.id), eq(webhookEvents.leaseOwner, options.worker)))
    .returning({ id: webhookEvents.id });
  if (settled.length === 0) {
    log("lease lost: another worker took this event over; nothing was committed", "warn");
    await db.update(eventAttempts).set(finish("failed", "Lease lost to another worker; nothing committed")).where(eq(eventAttempts.id, attemptId));
    return "lease_lost";
  }
  log(`decision: ignored — ${note}`, "warn");
  await db.update(eventAttempts).set(finish("ignored", null)).where(eq(eventAttempts.id, attemptId));
  logger.warn({ eventId: event.id, providerEventId: event.providerEventId, object: error.objectId }, "webhook event names an object the provider no longer has; ignored");
  return "ignored";
}

async function fail(
  db: Db,
  claimed: WebhookEvent,
  options: ProcessOptions,
  error: unknown,
  log: (message: string, level?: string) => void,
  finish: (outcome: "failed" | "dead", error: string) => object,
  attemptId: number,
): Promise<ProcessOutcome> {
  if (error instanceof LeaseLost) {
    log("lease lost: another worker took this event over; nothing was committed", "warn");
    await db.update(eventAttempts).set(finish("failed", "Lease lost to another worker; nothing committed")).where(eq(eventAttempts.id, attemptId));
    return "lease_lost";
  }
  const message = error instanceof Error ? error.message : String(error);
  // A handler's retry request is no failure of the provider's: the next attempt may start at once,
  // and it never uses up the event's last attempt (the retry re-fetches first, so it cannot tie again).
  const retry = error instanceof RetryAttempt;
  const dead = !retry && claimed.attempts >= options.policy.maxAttempts;
  const delay = retry ? 0 : retryDelayMs(options.policy, claimed.attempts);
  const updated = await db
    .update(webhookEvents)
    .set({
      status: dead ? "dead" : "failed",
      nextAttemptAt: new Date(Date.now() + delay),
      lastError: message.slice(0, 2000),
      leaseOwner: null,
      leaseExpiresAt: null,
    })
    .where(and(eq(webhookEvents.id, claimed.id), eq(webhookEvents.leaseOwner, options.worker)))
    .returning({ id: webhookEvents.id });
  // Another worker owns the event now: this failure is not the event's to carry.
  if (updated.length === 0) return fail(db, claimed, options, new LeaseLost(), log, finish, attemptId);
  if (dead) log(`failed: ${message}; giving up after ${claimed.attempts} attempts`, "error");
  else if (retry) log(`${message}; retrying now`, "warn");
  else log(`failed: ${message}; retrying in ${Math.round(delay / 1000)}s`, "error");
  await db.update(eventAttempts).set(finish(dead ? "dead" : "failed", message.slice(0, 2000))).where(eq(eventAttempts.id, attemptId));
  if (dead) {
    // The alert: observability counts dead events; the log line pages whoever watches logs.
    logger.error({ alert: "webhook_event_dead", eventId: claimed.id, providerEventId: claimed.providerEventId, type: claimed.type, error: message }, "webhook event parked as dead");
  } else {
    logger.warn({ eventId: claimed.id, attempt: claimed.attempts, error: message }, "webhook event failed; will retry");
  }
  return dead ? "dead" : "failed";
}

// A burst of events names the same few connections: their handles (row + decrypted key) are
// kept a few seconds instead of being read and decrypted per event.
const handles = new Map<string, { at: number; handle: Promise<ConnectionHandle> }>();
const HANDLE_TTL_MS = 10_000;

function connectionHandle(db: Db, connectionId: string): Promise<ConnectionHandle> {
  const hit = handles.get(connectionId);
  if (hit && Date.now() - hit.at < HANDLE_TTL_MS) return hit.handle;
  const handle = loadConnectionHandle(db, connectionId);
  handle.catch(() => handles.delete(connectionId));
  handles.set(connectionId, { at: Date.now(), handle });
  return handle;
}

/** Events stored before any connection claimed their account get a second chance here. */
async function routeEvent(db: Db, event: WebhookEvent, log: (m: string) => void): Promise<WebhookEvent> {
  // Only a platform endpoint's events can arrive before their connection; a connection's own
  // endpoint names it in the URL.
  if (event.connectionId || traitsOf(event.provider).webhooks !== "platform" || !event.account) return event;
  const connection = await findConnectionByAccount(db, event.provider, event.mode, event.account);
  if (!connection) return event;
  log(`account ${event.account} now belongs to connection ${connection.id}`);
  return { ...event, connectionId: connection.id, organizationId: connection.organizationId };
}
