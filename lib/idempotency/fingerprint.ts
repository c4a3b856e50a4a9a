import "server-only";
import { createHash } from "node:crypto";

/** JSON with object keys sorted at every level, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The request's fingerprint: sha256 of its canonical body. */
export const fingerprintOf = (body: unknown) => sha256(canonicalJson(body));

export interface IdempotencyScope {
  organizationId: string;
  mode: "test" | "live";
}

/**
 * The key Beacon sends to the provider for the work behind one Idempotency-Key. Same scope, key
 * and body → same provider key, so a retry after a crash gets the provider's first object back
 * instead of creating a second one. The body is part of it: a reused key with another body
 * never collides with the first call at the provider.
 */
export function providerIdempotencyKey(scope: IdempotencyScope, key: string, fingerprint: string, operation: string) {
  return `beacon:${operation}:${sha256(`${scope.organizationId}|${scope.mode}|${key}|${fingerprint}`).slice(0, 48)}`;
}

/**
 * A UUID (version 8, name-based) fixed by the same inputs, for ids that travel inside the
 * provider request (return URLs, metadata): a retried provider call must be byte-identical.
 */
export function deterministicUuid(...parts: string[]): string {
  const bytes = Buffer.from(sha256(parts.join("|")).slice(0, 32), "hex");
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
