import { hexId } from "../ids";

// One error type for every Conekta-shaped failure, rendered as Conekta's error object:
// `{ object: "error", type, log_id, details: [{ debug_message, message, param, code }] }`.
export type ConektaErrorType =
  | "authentication_error"
  | "malformed_request_error"
  | "parameter_validation_error"
  | "processing_error"
  | "resource_not_found_error"
  | "precondition_required_error"
  | "api_error";

export class ConektaError extends Error {
  constructor(
    readonly status: number,
    readonly type: ConektaErrorType,
    message: string,
    readonly code: string,
    readonly param: string | null = null,
    readonly debugMessage: string = message,
  ) {
    super(message);
  }

  toBody(): Record<string, unknown> {
    return {
      object: "error",
      type: this.type,
      log_id: hexId(),
      details: [{ debug_message: this.debugMessage, message: this.message, param: this.param, code: this.code }],
    };
  }
}

export function notFound(kind: string, id: string): ConektaError {
  return new ConektaError(
    404,
    "resource_not_found_error",
    "The resource was not found.",
    "conekta.errors.resource_not_found.entity",
    null,
    `The object ${kind} "${id}" could not be found.`,
  );
}

/** 422: a parameter is missing or wrong. */
export function invalidParam(param: string, message: string, reason = "invalid"): ConektaError {
  return new ConektaError(422, "parameter_validation_error", message, `conekta.errors.parameter_validation.${param}.${reason}`, param);
}

/** 428: the object is not in a state that allows the operation (Conekta's precondition errors). */
export function precondition(message: string, code: string): ConektaError {
  return new ConektaError(428, "precondition_required_error", message, `conekta.errors.precondition_required.${code}`);
}

/** 402: the card was declined. */
export function declined(message: string, code: string): ConektaError {
  return new ConektaError(402, "processing_error", message, `conekta.errors.processing.bank.${code}`);
}
