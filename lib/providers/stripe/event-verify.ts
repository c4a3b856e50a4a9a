import "server-only";
import Stripe from "stripe";
import type { InboundDelivery } from "../events-port";
import type { VerifyResult } from "../types";
import { stripeObjectRefs } from "./event-map";

const TOLERANCE_SECONDS = 300;

function headerTimestamp(header: string): number | null {
  const match = /(?:^|,)\s*t=(\d+)/.exec(header);
  return match ? Number(match[1]) : null;
}

/**
 * Stripe's HMAC scheme through the SDK, once per secret: during a rotation each active secret
 * signs, and `constructEvent` checks one secret against every `v1` value. The skew is reported
 * for every outcome that carried a timestamp, so a drifting clock is visible before it rejects.
 */
export function verifyStripeDelivery(delivery: InboundDelivery, secrets: readonly string[]): VerifyResult {
  const header = delivery.header("stripe-signature");
  if (!header) return { ok: false, reason: "missing_signature", detail: "No Stripe-Signature header", skewSeconds: null };
  const t = headerTimestamp(header);
  const skewSeconds = t === null ? null : Math.floor(delivery.receivedAt.getTime() / 1000) - t;
  if (secrets.length === 0) {
    return { ok: false, reason: "bad_signature", detail: "No webhook secret is configured for this endpoint", skewSeconds };
  }
  let outOfTolerance = false;
  let lastMessage = "";
  for (let i = 0; i < secrets.length; i += 1) {
    let event: Stripe.Event;
    try {
      event = Stripe.webhooks.constructEvent(delivery.rawBody, header, secrets[i]!, TOLERANCE_SECONDS, undefined, delivery.receivedAt.getTime());
    } catch (error) {
      lastMessage = error instanceof Error ? error.message : String(error);
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
        if (lastMessage.startsWith("Timestamp outside the tolerance zone")) outOfTolerance = true;
        if (lastMessage.startsWith("Unable to extract timestamp") || lastMessage.startsWith("No signatures found with expected scheme")) {
          return { ok: false, reason: "bad_signature", detail: "Malformed Stripe-Signature header", skewSeconds };
        }
        continue;
      }
      // The signature matched (the SDK verifies before parsing) but the body is not an event.
      return { ok: false, reason: "unparseable", detail: lastMessage.slice(0, 200), skewSeconds };
    }
    if (typeof event?.id !== "string" || typeof event.type !== "string" || typeof event.created !== "number") {
      return { ok: false, reason: "unparseable", detail: "Verified body is not a Stripe event (id, type, created)", skewSeconds };
    }
    return {
      ok: true,
      secretIndex: i,
      event: {
        providerEventId: event.id,
        type: event.type,
        account: event.account ?? "",
        livemode: event.livemode,
        providerCreatedAt: new Date(event.created * 1000),
        objectRefs: stripeObjectRefs(event),
      },
    };
  }
  if (outOfTolerance) {
    return {
      ok: false,
      reason: "timestamp_out_of_tolerance",
      detail: `Signed ${skewSeconds}s before receipt; the tolerance is ${TOLERANCE_SECONDS}s (check the sender's or Beacon's clock)`,
      skewSeconds,
    };
  }
  return {
    ok: false,
    reason: "bad_signature",
    detail: `No signature matched any of the ${secrets.length} secret(s) Beacon holds for its Stripe endpoints (wrong secret or modified body)`,
    skewSeconds,
  };
}
