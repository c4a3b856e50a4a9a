
// One error type for every Stripe-shaped failure; the server turns it into
// `{ error: { type, code, message, param } }` with the matching HTTP status.
export type StripeErrorType =
  | "api_error"
  | "card_error"
  | "idempotency_error"
  | "invalid_request_error"
  | "authentication_error";

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toBody(requestLogUrl?: string): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = { type: this.type, message: this.message };
    if (this.code) error.code = this.code;
    if (this.param) error.param = this.param;
    if (this.code) error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, "-")}`;
    if (requestLogUrl) error.request_log_url = requestLogUrl;
    return { error: { ...error, ...this.extra } };
  }
}

export function missingResource(kind: string, id: string, param = "id"): StripeApiError {
  return new StripeApiError(404, "invalid_request_error", `No such ${kind}: '${id}'`, "resource_missing", param);
}

export function missingParam(param: string): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", `Missing required param: ${param}.`, "parameter_missing", param);
}

export function invalidParam(param: string, message: string): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", message, "parameter_invalid", param);
}

export function unknownParam(param: string): StripeApiError {
  return new StripeApiError(
    400,
    "invalid_request_error",
    `Received unknown parameter: ${param}`,
    "parameter_unknown",
    param,
  );
}

export function invalidState(message: string, code = "resource_invalid_state"): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", message, code);
}
