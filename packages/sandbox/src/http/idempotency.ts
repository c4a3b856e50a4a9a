import type { SandboxStore } from "../store";
import { StripeApiError } from "./errors";

const MAX_KEY_LENGTH = 255;
const RETENTION_SECONDS = 24 * 60 * 60;

export interface StoredResponse {
  status: number;
  body: string;
}

/**
 * Stripe's idempotency: the first response for (account, key) is stored and
 * replayed verbatim; reusing the key with other parameters or another endpoint
 * is an `idempotency_error`. Keys older than 24 h are forgotten.
 */
export function lookupIdempotent(
  store: SandboxStore,
  scope: string,
  key: string,
  request: { method: string; path: string; params: string; now: number },
): StoredResponse | undefined {
  if (key.length > MAX_KEY_LENGTH) {
    throw new StripeApiError(
      400,
      "invalid_request_error",
      `Invalid idempotency key: length must be at most ${MAX_KEY_LENGTH} characters.`,
      "idempotency_key_invalid",
    );
  }
  store.pruneIdempotency(request.now - RETENTION_SECONDS);
  const entry = store.idempotency(`${scope}:${key}`);
  if (!entry) return undefined;
  if (entry.method !== request.method || entry.path !== request.path || entry.params !== request.params) {
    throw new StripeApiError(
      400,
      "idempotency_error",
      `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    );
  }
  return { status: entry.status, body: entry.body };
}

// Requests rejected during validation are not stored (Stripe: safe to retry).
export function shouldStore(status: number, body: string): boolean {
  if (status < 400 || status >= 500) return true;
  if (status !== 400) return true;
  return !body.includes('"invalid_request_error"');
}

export function storeIdempotent(
  store: SandboxStore,
  scope: string,
  key: string,
  request: { method: string; path: string; params: string; now: number },
  response: StoredResponse,
): void {
  if (!shouldStore(response.status, response.body)) return;
  store.saveIdempotency(`${scope}:${key}`, {
    method: request.method,
    path: request.path,
    params: request.params,
    status: response.status,
    body: response.body,
    createdAt: request.now,
  });
}
