import "server-only";
import { and, eq, isNull, lte, sql } from "drizzle-orm";
import { db } from "@/db";
import { idempotencyKeys } from "@/db/schema";
import { DomainError, isDomainError } from "@/lib/errors";
import { env } from "@/lib/env";
import type { IdempotencyScope } from "./fingerprint";

/**
 * How long a request holds its key; past it the key is taken over (its process is presumed dead).
 * Longer than the worst live request: its provider calls all end within BEACON_REQUEST_BUDGET_MS
 * (lib/providers/call-bounds.ts), and a minute more covers its database work.
 */
export const inFlightLeaseSeconds = Math.ceil(env.BEACON_REQUEST_BUDGET_MS / 1000) + 60;
/**
 * The longest Retry-After a repeat is told to wait. The lease is only the dead-process bound; a
 * live first request usually finishes within seconds (one provider call), so telling the client
 * the lease's remainder (up to 59 s) would make it wait far longer than needed.
 */
export const inFlightRetryAfterSeconds = 2;

export interface IdempotentRequest {
  scope: IdempotencyScope;
  key: string;
  /** e.g. `POST /v1/billing/subscription-checkouts`: a key belongs to one operation. */
  operation: string;
  fingerprint: string;
}

export interface IdempotentResponse {
  status: number;
  /** The exact response text: replays are byte for byte. */
  body: string;
  replayed: boolean;
}

/**
 * The IETF Idempotency-Key draft over `idempotency_keys`. The first request claims the key
 * (insert … on conflict do nothing: exactly one of any number of concurrent requests wins) and
 * stores its result; a repeat gets that result again; another body is 422; a repeat while the
 * first is running is 409 with Retry-After. A request that fails releases its key: it created
 * nothing at Beacon, and its provider call is itself idempotent, so a retry is safe. That
 * includes a provider that did not answer (504, outcome unknown): the retry asks it again with
 * the same provider idempotency key and gets the first call's object back, if it made one.
 */
export async function runIdempotent(
  request: IdempotentRequest,
  run: () => Promise<{ status: number; body: string }>,
): Promise<IdempotentResponse> {
  const claimed = await claim(request);
  if (claimed.kind === "replay") return { ...claimed.response, replayed: true };
  let result: { status: number; body: string };
  try {
    result = await run();
  } catch (error) {
    await release(request);
    throw isDomainError(error, "provider_timeout") ? retrySafely(error) : error;
  }
  const stored = await db
    .update(idempotencyKeys)
    // jsonb reorders an object's keys; the text inside a jsonb string survives exactly.
    .set({ responseStatus: result.status, responseBody: { text: result.body }, lockedUntil: null })
    .where(and(keyOf(request), isNull(idempotencyKeys.responseStatus)))
    .returning({ key: idempotencyKeys.key });
  if (stored.length > 0) return { ...result, replayed: false };
  // Another request took the key over and answered first: one answer per key, so this is a replay of it.
  const [first] = await db
    .select({ status: idempotencyKeys.responseStatus, body: idempotencyKeys.responseBody })
    .from(idempotencyKeys)
    .where(keyOf(request));
  if (first?.status != null) return { status: first.status, body: (first.body as { text: string }).text, replayed: true };
  return { ...result, replayed: false };
}

function retrySafely(error: DomainError) {
  return new DomainError(
    "provider_timeout",
    `${error.message} Nothing is recorded at Beacon yet; retrying with the same Idempotency-Key is safe: Beacon asks the provider again with the same provider idempotency key and answers with what the first call made, or makes it once.`,
    { retryAfterSeconds: error.retryAfterSeconds, details: { ...error.details, outcome: "unknown", retryWithSameKey: true } },
  );
}

type Claim = { kind: "owner" } | { kind: "replay"; response: { status: number; body: string } };

async function claim(request: IdempotentRequest, attempt = 0): Promise<Claim> {
  const { scope, key, operation, fingerprint } = request;
  const inserted = await db
    .insert(idempotencyKeys)
    .values({
      organizationId: scope.organizationId,
      mode: scope.mode,
      key,
      operation,
      fingerprint,
      lockedUntil: sql`now() + make_interval(secs => ${inFlightLeaseSeconds})`,
      expiresAt: sql`now() + make_interval(hours => ${env.BEACON_IDEMPOTENCY_TTL_HOURS})`,
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return { kind: "owner" };

  const [row] = await db
    .select({
      operation: idempotencyKeys.operation,
      fingerprint: idempotencyKeys.fingerprint,
      responseStatus: idempotencyKeys.responseStatus,
      responseBody: idempotencyKeys.responseBody,
      expired: sql<boolean>`${idempotencyKeys.expiresAt} <= now()`,
      lockSeconds: sql<number>`ceil(extract(epoch from (${idempotencyKeys.lockedUntil} - now())))::int`,
    })
    .from(idempotencyKeys)
    .where(keyOf(request));
  // Gone (released or purged) or expired since the insert: claim it afresh, once.
  if (!row || row.expired) {
    if (attempt > 0) throw conflict(1);
    if (row) await db.delete(idempotencyKeys).where(and(keyOf(request), lte(idempotencyKeys.expiresAt, sql`now()`)));
    return claim(request, attempt + 1);
  }
  if (row.operation !== operation || row.fingerprint !== fingerprint) {
    throw new DomainError("validation_failed", "This Idempotency-Key was already used with a different request body.", {
      errors: [{ field: "Idempotency-Key", message: "Already used with a different request; use a new key for a new request" }],
      details: { reason: "idempotency_key_reused" },
    });
  }
  if (row.responseStatus !== null) {
    return { kind: "replay", response: { status: row.responseStatus, body: (row.responseBody as { text: string }).text } };
  }
  if (row.lockSeconds > 0) throw conflict(row.lockSeconds);
  // The first request's lease ran out without a result: its process died. Take the key over.
  const taken = await db
    .update(idempotencyKeys)
    .set({ lockedUntil: sql`now() + make_interval(secs => ${inFlightLeaseSeconds})` })
    .where(and(keyOf(request), isNull(idempotencyKeys.responseStatus), lte(idempotencyKeys.lockedUntil, sql`now()`)))
    .returning({ key: idempotencyKeys.key });
  if (taken.length === 0) throw conflict(1);
  return { kind: "owner" };
}

function conflict(leaseSeconds: number) {
  const retryAfter = Math.min(inFlightRetryAfterSeconds, Math.max(1, leaseSeconds));
  return new DomainError("conflict", "A request with this Idempotency-Key is still being processed; retry shortly.", {
    retryAfterSeconds: retryAfter,
    details: { reason: "idempotency_key_in_use" },
  });
}

async function release(request: IdempotentRequest) {
  await db.delete(idempotencyKeys).where(and(keyOf(request), isNull(idempotencyKeys.responseStatus)));
}

function keyOf({ scope, key }: IdempotentRequest) {
  return and(
    eq(idempotencyKeys.organizationId, scope.organizationId),
    eq(idempotencyKeys.mode, scope.mode),
    eq(idempotencyKeys.key, key),
  );
}
