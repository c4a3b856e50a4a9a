import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

// An invitation link carries 32 random bytes (base64url, 43 characters). With 256 bits of
// randomness a plain SHA-256 is a safe at-rest form: the database never holds a usable link.

const pattern = /^[A-Za-z0-9_-]{43}$/;

export function generateInvitationToken() {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export function isWellFormedInvitationToken(token: string) {
  return pattern.test(token);
}

export function invitationUrl(token: string) {
  return `${env.publicUrl}/invitations/${token}`;
}

/** When a link issued now stops working (BEACON_INVITATION_TTL_DAYS, 7 by default). */
export function invitationExpiry(now = new Date()) {
  return new Date(now.getTime() + env.BEACON_INVITATION_TTL_DAYS * 24 * 3600 * 1000);
}
