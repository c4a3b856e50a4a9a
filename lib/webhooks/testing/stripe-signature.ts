import Stripe from "stripe";

// The one place tests, e2e specs and the bench build a Stripe-Signature header: through the
// stripe package's own test helper, so Beacon's verifier is checked against Stripe's signing,
// not against a copy of itself. No app imports, so the bench and Playwright can use it too.

const now = () => Math.floor(Date.now() / 1000);

/** The hex `v1` Stripe computes for `body` (UTF-8) at `timestamp`, for hand-assembled headers. */
export function stripeV1(body: string | Buffer, secret: string, timestamp: number | string = now()): string {
  const header = Stripe.webhooks.generateTestHeaderString({ payload: body.toString(), secret, timestamp: Number(timestamp) });
  return header.slice(header.indexOf(",v1=") + ",v1=".length);
}

/** Stripe's header; during a rotation Stripe signs with every active secret, one v1 each. */
export function stripeSignature(body: string | Buffer, secrets: string[], timestamp: number = now()): string {
  return `t=${timestamp},${secrets.map((secret) => `v1=${stripeV1(body, secret, timestamp)}`).join(",")}`;
}
