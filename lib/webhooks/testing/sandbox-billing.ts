import type Stripe from "stripe";
import { stripeClient } from "@/lib/providers/clients";

// Real subscriptions in the sandbox, on a connected account, made the way buyers make them:
// a Checkout Session paid through the hosted page.

export async function createPrice(account: string, unitAmount = 2_000) {
  const stripe = stripeClient("test");
  const product = await stripe.products.create({ name: "Plus" }, { stripeAccount: account });
  return stripe.prices.create({ product: product.id, currency: "usd", unit_amount: unitAmount, recurring: { interval: "month" } }, { stripeAccount: account });
}

export async function subscribeInSandbox(
  account: string,
  priceId: string,
  { card = "4242424242424242", trialDays, country }: { card?: string; trialDays?: number; country?: string } = {},
) {
  const stripe = stripeClient("test");
  const session = await stripe.checkout.sessions.create(
    {
      mode: "subscription",
      line_items: [{ price: priceId, quantity: 1 }],
      success_url: "http://beacon.test/billing/return?session_id={CHECKOUT_SESSION_ID}",
      ...(trialDays ? { subscription_data: { trial_period_days: trialDays } } : {}),
      ...(country ? { automatic_tax: { enabled: true } } : {}),
    },
    { stripeAccount: account },
  );
  const paid = await fetch(session.url!, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ email: `buyer-${session.id.slice(-6)}@example.test`, name: "Buyer", card_number: card, card_expiry: "12/34", card_cvc: "123", ...(country ? { country } : {}) }),
  });
  if (paid.status !== 303) throw new Error(`sandbox checkout answered ${paid.status}: ${await paid.text()}`);
  const done = await stripe.checkout.sessions.retrieve(session.id, {}, { stripeAccount: account });
  return { session: done, subscriptionId: String(done.subscription), customerId: String(done.customer) };
}

export async function accountEvents(account: string, since: number): Promise<Stripe.Event[]> {
  const all: Stripe.Event[] = [];
  for await (const event of stripeClient("test").events.list({ created: { gte: since }, limit: 100 }, { stripeAccount: account })) all.push(event);
  return all;
}
