import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Mode } from "@/db/schema";

// Tokens read `bcn_<mode>_<32 base62 chars>`: the mode is visible at a glance and to secret
// scanners. 190 bits of randomness make a plain SHA-256 a safe at-rest form (no salt needed).

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const pattern = /^bcn_(test|live)_[0-9A-Za-z]{32}$/;

export function generateToken(mode: Mode) {
  const bytes = randomBytes(32);
  const body = Array.from(bytes, (b) => alphabet[b % 62]).join("");
  const token = `bcn_${mode}_${body}`;
  return { token, prefix: token.slice(0, `bcn_${mode}_`.length + 4), tokenHash: hashToken(token) };
}

export function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export function isWellFormedToken(token: string) {
  return pattern.test(token);
}
