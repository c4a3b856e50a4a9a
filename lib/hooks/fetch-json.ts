import type { ErrorCode, FieldError, ProblemDetails } from "@/lib/api/errors";

/** An API problem, carried to the UI with a readable message and the failing fields. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
    /** The problem's stable code, which the UI names in the reader's language. */
    readonly code?: ErrorCode,
  ) {
    super(message);
  }
}

export async function fetchJson<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    headers: { accept: "application/json", ...(json !== undefined ? { "content-type": "application/json" } : {}), ...rest.headers },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const problem = body as Partial<ProblemDetails> | null;
    throw new ProblemError(response.status, problem?.detail ?? `Request failed (${response.status})`, problem?.errors, problem?.code);
  }
  return body as T;
}
