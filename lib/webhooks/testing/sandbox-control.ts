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
