import type { z } from "zod";

// The one error the domain and the providers raise: a stable code, a sentence for the caller,
// and no HTTP. Only lib/api (errors.ts) maps a code to a status, a title and problem+json.

export const domainErrorCodes = [
  /** The request names something malformed that is not a body field (a header, a parameter). */
  "bad_request",
  "validation_failed",
  "unauthorized",
  "forbidden",
  "insufficient_scope",
  "not_found",
  "conflict",
  /** The provider account holds as many webhooks as it may; permanent until one is freed. */
  "webhook_limit_reached",
  "rate_limited",
  /** Beacon itself cannot serve this now (storage down, a mode not configured). */
  "unavailable",
  /** The provider could not be reached, or refused to serve Beacon. */
  "provider_unavailable",
  /**
   * The provider did not answer in time: what was asked may or may not have happened there.
   * Never "nothing was changed"; an idempotent retry finds out.
   */
  "provider_timeout",
  /** The provider answered, but refused what Beacon asked for. */
  "provider_rejected",
  "internal",
] as const;

export type DomainErrorCode = (typeof domainErrorCodes)[number];

export interface FieldError {
  /** Dotted path of the failing field, e.g. `customer.email`. */
  field: string;
  message: string;
}

export interface DomainErrorOptions {
  /** The failing fields, when the refusal is about input. */
  errors?: FieldError[];
  /** Machine-readable facts for the caller (`reason`, `subscription`, …). */
  details?: Record<string, unknown>;
  /** When asking again can help, and not before. */
  retryAfterSeconds?: number;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly errors?: FieldError[];
  readonly details?: Record<string, unknown>;
  readonly retryAfterSeconds?: number;

  constructor(code: DomainErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.errors = options.errors;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** Every failing field of a zod parse; the first one names the refusal. */
  static fromZod(error: z.ZodError, where = "body") {
    const errors = error.issues.map((i) => ({ field: i.path.map(String).join(".") || where, message: i.message }));
    const first = errors[0];
    return new DomainError("validation_failed", first ? `${first.field}: ${first.message}` : `Invalid ${where}`, { errors });
  }
}

export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}

/**
 * A provider failure as the adapter saw it: which provider, and what went wrong, in a sentence
 * naming what Beacon was doing. Nothing of the SDK's error object travels with it.
 */
export class ProviderError extends DomainError {
  constructor(
    readonly provider: "stripe" | "conekta",
    code: "provider_unavailable" | "provider_timeout" | "provider_rejected",
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(code, message, options);
    this.name = "ProviderError";
  }
}
