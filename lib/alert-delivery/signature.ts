import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Beacon's alert signature, in the header `Beacon-Signature: t=<unix seconds>,v1=<hex>` where
 * v1 = HMAC-SHA256(secret, `${t}.${raw body}`). A receiver recomputes it over the raw bytes it
 * got, compares in constant time, and refuses a `t` older than five minutes (replays).
 */
export const SIGNATURE_HEADER = "beacon-signature";
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signAlertBody(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

/** What a receiver does; used by the tests and shown in the README. */
export function verifyAlertSignature(secret: string, body: string, header: string | null, now = Math.floor(Date.now() / 1000)): boolean {
  const parts = Object.fromEntries((header ?? "").split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(now - t) > SIGNATURE_TOLERANCE_SECONDS || !parts.v1) return false;
  const expected = Buffer.from(signAlertBody(secret, body, t).split("v1=")[1]!, "hex");
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
