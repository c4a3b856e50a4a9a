import "server-only";
import { ProviderError } from "@/lib/errors";
import { unanswered } from "../call-bounds";
import { AccountGoneError } from "../connections-port";

// The Conekta SDK throws axios errors; only their status and Conekta's own message leave here.

interface ConektaHttpError {
  isAxiosError: true;
  code?: string;
  response?: { status: number; data?: { details?: { message?: string; debug_message?: string; code?: string }[]; type?: string } };
}

function isHttpError(error: unknown): error is ConektaHttpError {
  return typeof error === "object" && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true;
}

export function conektaMessage(error: unknown): string {
  if (!isHttpError(error)) return error instanceof Error ? error.message : String(error);
  const detail = error.response?.data?.details?.[0];
  return detail?.debug_message ?? detail?.message ?? error.response?.data?.type ?? error.code ?? "no answer";
}

/** A rejected key: 401 (unknown or revoked) or 403 (not allowed). */
export function isCredentialRejected(error: unknown): boolean {
  return isHttpError(error) && (error.response?.status === 401 || error.response?.status === 403);
}

// Conekta's guide: "solamente puedes tener máximo 10 webhooks". Its error code for it is not
// documented, so a refusal while the account already holds that many counts too.
export const CONEKTA_MAX_WEBHOOKS = 10;

/** A refused webhook creation that is the account's webhook limit, not a bad URL. */
export function isWebhookLimit(error: unknown, registered: number): boolean {
  if (!isHttpError(error) || !error.response || error.response.status < 400 || error.response.status >= 500) return false;
  const code = error.response.data?.details?.[0]?.code ?? "";
  return code.includes("limit_exceeded") || registered >= CONEKTA_MAX_WEBHOOKS;
}

export function isNotFound(error: unknown): boolean {
  return isHttpError(error) && error.response?.status === 404;
}

/** Maps an SDK failure to Beacon's errors; a rejected key on an existing connection means it is gone. */
export function toConektaFailure(error: unknown, doing: string, options: { accountCall?: boolean } = {}): Error {
  if (!isHttpError(error)) return error instanceof Error ? error : new Error(String(error));
  if (options.accountCall && isCredentialRejected(error)) {
    return new AccountGoneError(`Conekta no longer accepts the saved private key: ${conektaMessage(error)}`);
  }
  if (!error.response) return unanswered("conekta", "Conekta", error, doing);
  return new ProviderError("conekta", "provider_rejected", `Conekta refused ${doing} (${error.response.status}): ${conektaMessage(error)}`);
}
