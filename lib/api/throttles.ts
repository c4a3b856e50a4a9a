import "server-only";
import { createHash } from "node:crypto";
import { env } from "@/lib/env";
import { hitRateLimit, rateLimited, type RateLimitHit, type RateLimitRule } from "./rate-limit";

// The throttles on the human-facing entry points. Limits and windows come from the environment
// (README, Configuration); bucket names never hold an email in the clear.

const minutes = (n: number) => n * 60_000;
const digest = (value: string) => createHash("sha256").update(value.trim().toLowerCase()).digest("hex");

interface Check {
  bucket: string;
  rule: RateLimitRule;
  detail: string;
}

/** Counts every check (so a blocked caller keeps counting) and returns the first one over its limit. */
async function firstExceeded(checks: Check[], now: Date): Promise<{ hit: RateLimitHit; detail: string } | null> {
  const hits = await Promise.all(checks.map((c) => hitRateLimit(c.bucket, c.rule, now)));
  const index = hits.findIndex((h) => !h.allowed);
  return index === -1 ? null : { hit: hits[index]!, detail: checks[index]!.detail };
}

/** Sign-in: per account email and per client IP. Resolves the refusal, or null to go ahead. */
export function throttleSignIn({ email, ip }: { email: string; ip: string | null }, now = new Date()) {
  const windowMs = minutes(env.BEACON_SIGNIN_WINDOW_MINUTES);
  const checks: Check[] = [
    { bucket: `signin:email:${digest(email)}`, rule: { limit: env.BEACON_SIGNIN_LIMIT_PER_ACCOUNT, windowMs }, detail: "Too many sign-in attempts for this account" },
  ];
  if (ip) checks.push({ bucket: `signin:ip:${ip}`, rule: { limit: env.BEACON_SIGNIN_LIMIT_PER_IP, windowMs }, detail: "Too many sign-in attempts from this address" });
  return firstExceeded(checks, now);
}

/** Sign-up: per client IP (none when the client's address is unknown, see clientIp). */
export async function enforceSignUpThrottle(ip: string | null, now = new Date()): Promise<void> {
  if (!ip) return;
  const rule = { limit: env.BEACON_SIGNUP_LIMIT_PER_IP, windowMs: minutes(env.BEACON_SIGNUP_WINDOW_MINUTES) };
  const refused = await firstExceeded([{ bucket: `signup:ip:${ip}`, rule, detail: "Too many sign-ups from this address" }], now);
  if (refused) throw rateLimited(refused.hit, refused.detail);
}

/** Invitations (adding a member): per organization and per inviting user. */
export async function enforceInvitationThrottle({ organizationId, userId }: { organizationId: string; userId: string }, now = new Date()) {
  const windowMs = minutes(env.BEACON_INVITE_WINDOW_MINUTES);
  const refused = await firstExceeded(
    [
      { bucket: `invite:org:${organizationId}`, rule: { limit: env.BEACON_INVITE_LIMIT_PER_ORG, windowMs }, detail: "This organization has sent too many invitations" },
      { bucket: `invite:user:${userId}`, rule: { limit: env.BEACON_INVITE_LIMIT_PER_USER, windowMs }, detail: "You have sent too many invitations" },
    ],
    now,
  );
  if (refused) throw rateLimited(refused.hit, refused.detail);
}
