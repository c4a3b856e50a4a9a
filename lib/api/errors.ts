import { z } from "zod";

// One error type for the whole app and one mapper to RFC 9457 problem+json. `code` is stable
// and documented; `type` is its URI form.

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
} as const;

export type ErrorCode = keyof typeof errorCodes;

export interface FieldError {
  /** Dotted path of the failing field, e.g. `customer.email`. */
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { errors?: FieldError[]; extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = "ApiError";
    this.code = code;
    this.status = errorCodes[code].status;
    this.errors = options.errors;
    this.extra = options.extra;
    this.headers = options.headers;
  }

  static fromZod(error: z.ZodError, where = "body") {
    const errors = error.issues.map((i) => ({ field: i.path.map(String).join(".") || where, message: i.message }));
    const first = errors[0];
    return new ApiError("validation_failed", first ? `${first.field}: ${first.message}` : `Invalid ${where}`, { errors });
  }
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
  const e = error instanceof ApiError ? error : new ApiError("internal", "An unexpected error occurred.");
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
  const problem = toProblem(error, instance);
  const headers = new Headers({ "content-type": "application/problem+json", "cache-control": "no-store" });
  if (error instanceof ApiError) for (const [k, v] of Object.entries(error.headers ?? {})) headers.set(k, v);
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}
