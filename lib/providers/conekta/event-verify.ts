import "server-only";
import { verify } from "node:crypto";
import { bodyText } from "../body-text";
import type { InboundDelivery } from "../events-port";
import type { VerifyResult } from "../types";
import { isUnixSeconds } from "../unix-seconds";
import { conektaObjectRefs, type ConektaEvent } from "./event-map";

// The DIGEST header's encoding is not documented (PROTOCOLS §5.3, §7): the same signature bytes
// arrive base64 or hex, so both decodings are tried; the sandbox signs base64.
function signatureCandidates(header: string): Buffer[] {
  const value = header.trim();
  const candidates = [Buffer.from(value, "base64")];
  if (/^[0-9a-f]+$/i.test(value) && value.length % 2 === 0) candidates.push(Buffer.from(value, "hex"));
  return candidates.filter((b) => b.length > 0);
}

/**
 * Conekta signs the SHA-256 of the raw UTF-8 body (the bytes as received) with its private key (RSASSA-PKCS1-v1_5);
 * Beacon holds the public keys. There is no timestamp, so no skew: replays are caught by the
 * inbox's unique event id.
 */
export function verifyConektaDelivery(delivery: InboundDelivery, publicKeys: readonly string[]): VerifyResult {
  const header = delivery.header("digest");
  if (!header) return { ok: false, reason: "missing_signature", detail: "No DIGEST header", skewSeconds: null };
  if (publicKeys.length === 0) {
    return { ok: false, reason: "bad_signature", detail: "No webhook key is configured for this connection", skewSeconds: null };
  }
  const body = delivery.rawBody;
  const signatures = signatureCandidates(header);
  const index = publicKeys.findIndex((key) => signatures.some((sig) => safeVerify(body, key, sig)));
  if (index < 0) {
    return {
      ok: false,
      reason: "bad_signature",
      detail: `The DIGEST did not verify with any of the connection's ${publicKeys.length} webhook key(s)`,
      skewSeconds: null,
    };
  }
  let event: { id?: unknown; type?: unknown; created_at?: unknown; livemode?: unknown };
  try {
    event = JSON.parse(bodyText(body)) as typeof event;
  } catch (error) {
    return { ok: false, reason: "unparseable", detail: (error as Error).message.slice(0, 200), skewSeconds: null };
  }
  if (typeof event?.id !== "string" || typeof event.type !== "string" || !isUnixSeconds(event.created_at)) {
    return { ok: false, reason: "unparseable", detail: "Verified body is not a Conekta event (id, type, a storable created_at)", skewSeconds: null };
  }
  return {
    ok: true,
    secretIndex: index,
    event: {
      providerEventId: event.id,
      type: event.type,
      account: "",
      livemode: event.livemode === true,
      providerCreatedAt: new Date(event.created_at * 1000),
      // Conekta's events name no API version (the version is chosen per request, by Accept header).
      apiVersion: null,
      objectRefs: conektaObjectRefs(event as ConektaEvent),
    },
  };
}

function safeVerify(body: Buffer, publicKey: string, signature: Buffer): boolean {
  try {
    return verify("sha256", body, publicKey, signature);
  } catch {
    return false;
  }
}
