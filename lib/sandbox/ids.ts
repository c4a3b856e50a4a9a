import "server-only";
import { randomBytes } from "node:crypto";

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
