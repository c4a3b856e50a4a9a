import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { checkoutRequests, idempotencyKeys, type CheckoutRequestOutcome, type Mode, type NewCheckoutRequestRecord } from "@/db/schema";
import { toProblem } from "@/lib/api/errors";
import { actorOf, type Principal } from "@/lib/auth/context";
import { deterministicUuid } from "@/lib/idempotency/fingerprint";
import { logger } from "@/lib/utils/logger";

type Entry = Omit<NewCheckoutRequestRecord, "id" | "organizationId" | "mode" | "actorType" | "actorId" | "actorLabel" | "durationMs">;

/**
 * Appends one call to the checkout request log. Best effort by design: the log explains what
 * happened, so a failure to write it is logged and swallowed, never turned into a failed request.
 */
export async function recordCheckoutRequest(scope: { organizationId: string; mode: Mode; principal: Principal | null }, entry: Entry) {
  try {
    const actor = scope.principal ? actorOf(scope.principal) : null;
    await db.insert(checkoutRequests).values({
      ...entry,
      organizationId: scope.organizationId,
      mode: scope.mode,
      actorType: actor?.actorType ?? null,
      actorId: actor?.actorId ?? null,
      actorLabel: actor?.actorLabel ?? null,
      durationMs: Date.now() - entry.startedAt.getTime(),
    });
  } catch (error) {
    logger.warn({ err: error, checkoutId: entry.checkoutId, kind: entry.kind }, "could not record a checkout request");
  }
}

const outcomeByReason: Record<string, CheckoutRequestOutcome> = {
  idempotency_key_reused: "key_reused_422",
  idempotency_key_in_use: "conflict_in_flight",
  duplicate_subscription: "duplicate_subscription_409",
};

/** What a refused or failed call answered, as the caller saw it (the problem+json, not the internals). */
export function failureOf(error: unknown) {
  const problem = toProblem(error);
  const reason = typeof problem.reason === "string" ? problem.reason : null;
  return {
    outcome: (reason && outcomeByReason[reason]) || ("error" as const),
    status: problem.status,
    detail: `${problem.code}: ${problem.detail}`,
  };
}

/**
 * The checkout a key already belongs to, for a call refused because it reused the key with
 * another body: the first call's checkout id is derived from its own fingerprint.
 */
export async function checkoutIdOfKey(scope: { organizationId: string; mode: Mode }, key: string, operation: string) {
  try {
    const [row] = await db
      .select({ fingerprint: idempotencyKeys.fingerprint, operation: idempotencyKeys.operation })
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.organizationId, scope.organizationId), eq(idempotencyKeys.mode, scope.mode), eq(idempotencyKeys.key, key)));
    return row && row.operation === operation ? deterministicUuid(scope.organizationId, scope.mode, key, row.fingerprint) : null;
  } catch {
    return null;
  }
}
