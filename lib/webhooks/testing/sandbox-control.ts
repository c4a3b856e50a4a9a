import { env } from "@/lib/env";

/** Moves the shared sandbox's clock (renewals, trial ends, payment retries run in order). */
export async function advanceSandboxClock(seconds: number) {
  const res = await fetch(`${env.sandbox!.url}/_sandbox/clock/advance`, {
    method: "POST",
    headers: { authorization: `Bearer ${env.stripeKeys.test}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ seconds: String(seconds) }),
  });
  if (!res.ok) throw new Error(`sandbox clock advance answered ${res.status}`);
}

/** The shared sandbox's current time, unix seconds. */
export async function sandboxNow(): Promise<number> {
  const res = await fetch(`${env.sandbox!.url}/_sandbox/clock`, { headers: { authorization: `Bearer ${env.stripeKeys.test}` } });
  if (!res.ok) throw new Error(`sandbox clock answered ${res.status}`);
  return ((await res.json()) as { now: number }).now;
}

/** Moves the shared sandbox's clock to a unix time (never backwards). */
export async function advanceSandboxClockTo(at: number) {
  const now = await sandboxNow();
  if (at > now) await advanceSandboxClock(at - now);
}
