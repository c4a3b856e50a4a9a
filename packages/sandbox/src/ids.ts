import { randomBytes, randomUUID } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

// Stripe ids are a type prefix plus an opaque token; checkout sessions carry a
// test-mode marker and a much longer token (`cs_test_a1…`).
export function newId(prefix: string): string {
  if (prefix === "cs") return `cs_test_a1${randomToken(56)}`;
  if (prefix === "whsec") return `whsec_${randomToken(32)}`;
  if (prefix === "cus" || prefix === "prod") return `${prefix}_${randomToken(14)}`;
  return `${prefix}_${randomToken(24)}`;
}

/** Conekta's prefixed ids: `cus_2tHJfJ79KyUwpxTik` (17 characters after the prefix). */
export function conektaId(prefix: string): string {
  return `${prefix}_${randomToken(17)}`;
}

/** Conekta's Mongo-style ids (events, charges, webhooks, keys, log ids): 24 hex digits. */
export function hexId(): string {
  return randomBytes(12).toString("hex");
}

/** Conekta checkouts are identified by a UUID. */
export function uuid(): string {
  return randomUUID();
}
