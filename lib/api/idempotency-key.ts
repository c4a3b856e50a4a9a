import "server-only";
import { ApiError } from "./errors";
import { idempotencyKey } from "@/lib/validations/checkouts";

/** The request's Idempotency-Key, required: 400 naming the header when it is missing or malformed. */
export function readIdempotencyKey(req: Request): string {
  const raw = req.headers.get("idempotency-key");
  if (raw === null) {
    throw new ApiError("bad_request", "This operation requires an Idempotency-Key header, e.g. Idempotency-Key: chk_<operation id>.", {
      errors: [{ field: "Idempotency-Key", message: "Required" }],
    });
  }
  const parsed = idempotencyKey.safeParse(raw);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Invalid";
    throw new ApiError("bad_request", `Idempotency-Key: ${message}.`, { errors: [{ field: "Idempotency-Key", message }] });
  }
  return parsed.data;
}

/** A stored or fresh idempotent result as an HTTP response; replays say so. */
export function idempotentResponse(result: { status: number; body: string; replayed: boolean }): Response {
  const headers = new Headers({ "content-type": "application/json", "cache-control": "no-store" });
  if (result.replayed) headers.set("idempotent-replayed", "true");
  return new Response(result.body, { status: result.status, headers });
}
