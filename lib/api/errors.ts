import { DomainError, type DomainErrorCode, type FieldError } from "@/lib/errors";

// The edge's one mapper to RFC 9457 problem+json. The domain throws DomainError with a code and
// knows no status; here each code gets its wire code, status and title. `code` is stable and
// documented; `type` is its URI form. ApiError is the edge's own error, for what only HTTP knows
// (a method, a media type, a body's size, a header to send back).

export const errorCodes = {
  bad_request: { status: 400, title: "Bad request" },
  invalid_body: { status: 400, title: "The request body is not valid JSON" },
  validation_failed: { status: 422, title: "Validation failed" },
  unauthorized: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Not allowed" },
  insufficient_scope: { status: 403, title: "The token lacks a required scope" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  // Permanent until someone frees a slot, so not a 503 (which tells a client to retry).
  webhook_limit_reached: { status: 409, title: "The provider account has no room for another webhook" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal server error" },
  unavailable: { status: 503, title: "Service unavailable" },
  // Not a 503: the provider may have done what was asked; only a retry of the same request can tell.
  provider_timeout: { status: 504, title: "The provider did not answer in time; the outcome is unknown" },
} as const;

export type ErrorCode = keyof typeof errorCodes;

export type { FieldError };

/** The wire code each domain code is answered with; providers' failures are Beacon's 503. */
const wireCodes: Record<DomainErrorCode, ErrorCode> = {
  bad_request: "bad_request",
  validation_failed: "validation_failed",
  unauthorized: "unauthorized",
  forbidden: "forbidden",
  insufficient_scope: "insufficient_scope",
  not_found: "not_found",
  conflict: "conflict",
  webhook_limit_reached: "webhook_limit_reached",
  rate_limited: "rate_limited",
  unavailable: "unavailable",
  provider_unavailable: "unavailable",
  provider_timeout: "provider_timeout",
  provider_rejected: "unavailable",
  internal: "internal",
};

export interface ApiErrorOptions {
  errors?: FieldError[];
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, detail: string, options: ApiErrorOptions = {}) {
    super(detail);
    this.name = "ApiError";
    this.code = code;
    this.status = errorCodes[code].status;
    this.errors = options.errors;
    this.extra = options.extra;
    this.headers = options.headers;
  }
}

/** What anything thrown is answered with: a domain error mapped to its wire code; the unknown, a 500 that leaks nothing. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DomainError) {
    const retry = error.retryAfterSeconds;
    return new ApiError(wireCodes[error.code], error.message, {
      errors: error.errors,
      extra: error.details,
      headers: retry === undefined ? undefined : { "retry-after": String(retry) },
    });
  }
  return new ApiError("internal", "An unexpected error occurred.");
}

/** True for what the app threw on purpose; anything else is a bug worth logging. */
export function isExpectedError(error: unknown): error is ApiError | DomainError {
  return error instanceof ApiError || error instanceof DomainError;
}

export const problemTypeBase = "https://beacon.dev/problems/";

export interface ProblemDetails {
  type: string;
  code: ErrorCode;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function toProblem(error: unknown, instance?: string): ProblemDetails {
  const e = toApiError(error);
  return {
    ...e.extra,
    type: problemTypeBase + e.code,
    code: e.code,
    title: errorCodes[e.code].title,
    status: e.status,
    detail: e.message,
    ...(instance ? { instance } : {}),
    ...(e.errors ? { errors: e.errors } : {}),
  };
}

export function problemResponse(error: unknown, instance?: string): Response {
  const e = toApiError(error);
  const problem = toProblem(e, instance);
  const headers = new Headers({ "content-type": "application/problem+json", "cache-control": "no-store" });
  for (const [k, v] of Object.entries(e.headers ?? {})) headers.set(k, v);
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}

/**
 * A problem as plain status, headers and body, for answers written on node's own response (the
 * webhook ingest path); the error's own headers (`Allow`, `Retry-After`) come along.
 */
export function problemAnswer(error: unknown, instance: string): { status: number; headers: Record<string, string>; body: string } {
  const e = toApiError(error);
  return { status: e.status, headers: { "content-type": "application/problem+json", ...e.headers }, body: JSON.stringify(toProblem(e, instance)) };
}

/** problemAnswer for a refusal only HTTP knows of (405, 413), made without an ApiError in hand. */
export function httpProblemAnswer(code: ErrorCode, detail: string, instance: string, options: ApiErrorOptions = {}) {
  return problemAnswer(new ApiError(code, detail, options), instance);
}
