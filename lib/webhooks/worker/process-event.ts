import "server-only";
import { and, eq, isNull, or } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { eventAttempts, webhookEvents, type WebhookEvent } from "@/db/schema";
import type { ClaimedEvent } from "./claim-events";
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
}

export type ProcessOutcome = "processed" | "ignored" | "failed" | "dead" | "lease_lost";
type AttemptOutcome = "processed" | "ignored" | "failed" | "dead";
type Finish = <O extends AttemptOutcome>(outcome: O, error: string | null) => { finishedAt: Date; durationMs: number; outcome: O; error: string | null; logs: LogLine[] };
type Log = (message: string, level?: string) => void;

/** How many times one attempt prepares again after a same-second tie before it gives way to a retry. */
const inPlaceRounds = 3;

/**
 * One attempt at a claimed event (its attempt row was opened by the claim). The handlers prepare
 * first, outside any transaction (reads and provider calls); then their writes, the event's
 * decision and the attempt record commit in one transaction whose event update only matches while
 * this worker holds the lease: a worker whose lease expired (and was taken over) commits nothing,
 * so an event's effects happen once.
 */
export function processEvent(db: Db, claimed: ClaimedEvent, options: ProcessOptions): Promise<ProcessOutcome> {
  // Every log line of the attempt carries the event it is about.
  const ids = { eventId: claimed.id, providerEventId: claimed.providerEventId, organizationId: claimed.organizationId ?? undefined };
  return withLogContext(ids, () => attemptEvent(db, claimed, options));
}

/** An attempt's log and the attempt row's final values: what every attempt records, batched or not. */
export function startAttempt(claimed: Pick<WebhookEvent, "attempts" | "type" | "providerEventId">, worker: string) {
  const startedAt = Date.now();
  const logs: LogLine[] = [];
  const log: Log = (message, level = "info") => logs.push({ at: new Date().toISOString(), level, message });
  const finish: Finish = (outcome, error) => ({ finishedAt: new Date(), durationMs: Date.now() - startedAt, outcome, error, logs });
  log(`attempt ${claimed.attempts} of ${claimed.type} ${claimed.providerEventId} by ${worker}`);
  return { log, finish };
}

async function attemptEvent(db: Db, claimed: ClaimedEvent, options: ProcessOptions): Promise<ProcessOutcome> {
  const { log, finish } = startAttempt(claimed, options.worker);

  let event: WebhookEvent = claimed;
  try {
    event = await routeEvent(db, claimed, log);
    const routed = event;
    const prepare = async () =>
      routed.connectionId
        ? prepareEvent({ db, event: routed, handle: await connectionHandle(db, routed.connectionId), log: (m, level) => log(m, level) })
        : decided("ignored", routed.decisionNote ?? "No Beacon connection claims this event's account");
    const settle = (apply: Awaited<ReturnType<typeof prepare>>) =>
      db.transaction(async (tx) => {
        const decision = await apply(tx);
        const status = decision.kind === "ignored" ? "ignored" : "processed";
        log(`decision: ${decision.kind} — ${decision.note}`);
        // Sent together (one round trip): a lost lease rolls both back.
        const [settled] = await Promise.all([
          tx.update(webhookEvents).set(settledAs(status, decision, routed)).where(heldBy(claimed.id, options.worker)).returning({ id: webhookEvents.id }).prepare("settle_event").execute(),
          tx.update(eventAttempts).set(finish(status, null)).where(eq(eventAttempts.id, claimed.attemptId)).prepare("finish_attempt").execute(),
        ]);
        if (settled.length === 0) throw new LeaseLost();
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
    const failed = event;
    return untilRecorded(claimed, () =>
      error instanceof ProviderObjectNotFound ? settleMissingObject(db, failed, options, error, log, finish) : fail(db, claimed, options, error, log, finish),
    );
  }
}

const heldBy = (eventId: string, worker: string) => and(eq(webhookEvents.id, eventId), eq(webhookEvents.leaseOwner, worker));

/** The database went away (restart, network): the write may succeed once it is back. */
function lostConnection(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return typeof code === "string" && (/^CONNECTION_|^ECONN|^EPIPE$|^ETIMEDOUT$/.test(code) || ["57P01", "57P02", "57P03", "08000", "08003", "08006"].includes(code));
}

/**
 * Records an attempt's outcome, waiting out a database restart: a worker that is alive says what
 * happened to its attempt rather than leaving it for whoever claims the event next. It tries until
 * its lease would expire; after that, the next claim closes the attempt as unfinished.
 */
async function untilRecorded(claimed: ClaimedEvent, write: () => Promise<ProcessOutcome>): Promise<ProcessOutcome> {
  const leaseEnd = claimed.leaseExpiresAt?.getTime() ?? 0;
  for (let delay = 250; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      return await write();
    } catch (error) {
      if (!lostConnection(error) || Date.now() + delay >= leaseEnd) throw error;
      logger.warn({ err: error, eventId: claimed.id }, "database unreachable while recording an attempt; trying again");
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * The attempt ended without this worker's writes (another worker holds the event now). The row
 * says so unless it already holds an outcome: a commit whose answer was lost with the connection
 * did happen, and that outcome stands.
 */
async function leaseLost(db: Db, claimed: ClaimedEvent, log: Log, finish: Finish): Promise<ProcessOutcome> {
  log("lease lost: another worker took this event over; nothing was committed", "warn");
  const closed = await db
    .update(eventAttempts)
    .set(finish("failed", "Lease lost to another worker; nothing committed"))
    .where(and(eq(eventAttempts.id, claimed.attemptId), or(isNull(eventAttempts.finishedAt), eq(eventAttempts.outcome, "failed"))))
    .returning({ id: eventAttempts.id });
  if (closed.length > 0) return "lease_lost";
  const [row] = await db.select({ outcome: eventAttempts.outcome }).from(eventAttempts).where(eq(eventAttempts.id, claimed.attemptId));
  return row?.outcome ?? "lease_lost";
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
async function settleMissingObject(db: Db, event: WebhookEvent, options: ProcessOptions, error: ProviderObjectNotFound, log: Log, finish: Finish): Promise<ProcessOutcome> {
  const claimed = event as ClaimedEvent;
  const note = `Not applied: ${error.message} on re-fetch; the ${error.object} no longer exists at the provider, so retrying cannot help`;
  log(`decision: ignored — ${note}`, "warn");
  const settled = await record(db, claimed, options.worker, settledAs("ignored", { kind: "ignored", note }, event), finish("ignored", null));
  if (!settled) return leaseLost(db, claimed, log, finish);
  logger.warn({ eventId: event.id, providerEventId: event.providerEventId, object: error.objectId }, "webhook event names an object the provider no longer has; ignored");
  return "ignored";
}

/** The event's row and its attempt's, in one transaction that only commits while this worker holds the lease. */
function record(db: Db, claimed: ClaimedEvent, worker: string, eventRow: Partial<WebhookEvent>, attemptRow: object): Promise<boolean> {
  return db
    .transaction(async (tx) => {
      const [updated] = await Promise.all([
        tx.update(webhookEvents).set(eventRow).where(heldBy(claimed.id, worker)).returning({ id: webhookEvents.id }),
        tx.update(eventAttempts).set(attemptRow).where(eq(eventAttempts.id, claimed.attemptId)),
      ]);
      if (updated.length === 0) throw new LeaseLost();
      return true;
    })
    .catch((error: unknown) => {
      if (error instanceof LeaseLost) return false;
      throw error;
    });
}

async function fail(db: Db, claimed: ClaimedEvent, options: ProcessOptions, error: unknown, log: Log, finish: Finish): Promise<ProcessOutcome> {
  if (error instanceof LeaseLost) return leaseLost(db, claimed, log, finish);
  const message = error instanceof Error ? error.message : String(error);
  // A handler's retry request is no failure of the provider's: the next attempt may start at once,
  // and it never uses up the event's last attempt (the retry re-fetches first, so it cannot tie again).
  const retry = error instanceof RetryAttempt;
  const dead = !retry && claimed.attempts >= options.policy.maxAttempts;
  const delay = retry ? 0 : retryDelayMs(options.policy, claimed.attempts);
  if (dead) log(`failed: ${message}; giving up after ${claimed.attempts} attempts`, "error");
  else if (retry) log(`${message}; retrying now`, "warn");
  else log(`failed: ${message}; retrying in ${Math.round(delay / 1000)}s`, "error");
  const eventRow = { status: dead ? ("dead" as const) : ("failed" as const), nextAttemptAt: new Date(Date.now() + delay), lastError: message.slice(0, 2000), leaseOwner: null, leaseExpiresAt: null };
  // Another worker owns the event now: this failure is not the event's to carry.
  if (!(await record(db, claimed, options.worker, eventRow, finish(dead ? "dead" : "failed", message.slice(0, 2000))))) return leaseLost(db, claimed, log, finish);
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

export function connectionHandle(db: DbOrTx, connectionId: string): Promise<ConnectionHandle> {
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
