import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import type Stripe from "stripe";
import { bodyText } from "../body-text";
import type { InboundDelivery } from "../events-port";
import type { VerifyResult } from "../types";
import { isUnixSeconds } from "../unix-seconds";
import { stripeObjectRefs } from "./event-map";

/** Stripe's default (`Webhook.DEFAULT_TOLERANCE`), applied on both sides of the receipt time. */
export const TOLERANCE_SECONDS = 300;

/**
 * The header as stripe-node reads it (`parseHeader`): comma-separated `key=value` items, `t` the
 * timestamp (the last one wins), every `v1` a candidate signature, anything else (v0) ignored.
 * Keys are matched exactly, without trimming: Stripe never pads its header, and node joins two
 * Stripe-Signature headers with ", ", so a second header's " t=" must not replace the first's.
 */
function parseHeader(header: string): { t: string | null; v1: string[] } {
  let t: string | null = null;
  const v1: string[] = [];
  for (const item of header.split(",")) {
    const eq = item.indexOf("=");
    const key = eq < 0 ? item : item.slice(0, eq);
    const value = eq < 0 ? "" : item.slice(eq + 1);
    if (key === "t") t = /^\d+$/.test(value) ? value : null;
    if (key === "v1") v1.push(value);
  }
  return { t, v1 };
}

function matches(secret: string, t: string, body: Buffer, signatures: readonly string[]): boolean {
  const expected = createHmac("sha256", secret).update(`${t}.`).update(body).digest();
  return signatures.some((hex) => {
    // An empty, odd or non-hex v1 cannot be a signature: it simply does not match.
    if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
    return timingSafeEqual(expected, Buffer.from(hex, "hex"));
  });
}

/**
 * Stripe's HMAC scheme, as stripe-node's `constructEvent` computes it, over the raw bytes: the
 * SDK decodes a Buffer with TextDecoder, which drops a leading BOM before hashing, so a body that
 * starts with one could never verify. Each secret is tried in turn (during a rotation each active
 * secret signs, and one secret is checked against every `v1`). Unlike the SDK, a timestamp more
 * than the tolerance in the future is refused too: a signature from the future is a clock fault
 * or a pre-signed replay. The skew is reported for every outcome that carried a timestamp.
 */
export function verifyStripeDelivery(delivery: InboundDelivery, secrets: readonly string[]): VerifyResult {
  const header = delivery.header("stripe-signature");
  if (!header) return { ok: false, reason: "missing_signature", detail: "No Stripe-Signature header", skewSeconds: null };
  const { t, v1 } = parseHeader(header);
  const skewSeconds = t === null ? null : Math.floor(delivery.receivedAt.getTime() / 1000) - Number(t);
  if (t === null || v1.length === 0) return { ok: false, reason: "bad_signature", detail: "Malformed Stripe-Signature header (needs t= and v1=)", skewSeconds };
  if (secrets.length === 0) {
    return { ok: false, reason: "bad_signature", detail: "No webhook secret is configured for this endpoint", skewSeconds };
  }
  const secretIndex = secrets.findIndex((secret) => matches(secret, t, delivery.rawBody, v1));
  if (secretIndex < 0) {
    return {
      ok: false,
      reason: "bad_signature",
      detail: `No signature matched any of the ${secrets.length} secret(s) Beacon holds for its Stripe endpoints (wrong secret or modified body)`,
      skewSeconds,
    };
  }
  // As in the SDK, the tolerance is checked after the signature matched.
  if (Math.abs(skewSeconds!) > TOLERANCE_SECONDS) {
    const when = skewSeconds! > 0 ? `${skewSeconds}s before` : `${-skewSeconds!}s after`;
    return {
      ok: false,
      reason: "timestamp_out_of_tolerance",
      detail: `Signed ${when} receipt; the tolerance is ${TOLERANCE_SECONDS}s either way (check the sender's or Beacon's clock)`,
      skewSeconds,
    };
  }
  let event: Stripe.Event;
  try {
    event = JSON.parse(bodyText(delivery.rawBody)) as Stripe.Event;
  } catch (error) {
    // The signature matched but the body is not JSON.
    return { ok: false, reason: "unparseable", detail: (error as Error).message.slice(0, 200), skewSeconds };
  }
  if (typeof event?.id !== "string" || typeof event.type !== "string" || typeof event.created !== "number") {
    return { ok: false, reason: "unparseable", detail: "Verified body is not a Stripe event (id, type, created)", skewSeconds };
  }
  if (!isUnixSeconds(event.created)) {
    return { ok: false, reason: "unparseable", detail: `Verified event has an impossible created time (${event.created})`, skewSeconds };
  }
  return {
    ok: true,
    secretIndex,
    event: {
      providerEventId: event.id,
      type: event.type,
      account: event.account ?? "",
      livemode: event.livemode,
      providerCreatedAt: new Date(event.created * 1000),
      apiVersion: typeof event.api_version === "string" ? event.api_version : null,
      objectRefs: stripeObjectRefs(event),
    },
  };
}
