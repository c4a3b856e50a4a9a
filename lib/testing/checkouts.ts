import { POST as confirmRoute } from "@/app/v1/billing/subscription-checkouts/[id]/confirm/route";
import { GET as getRoute } from "@/app/v1/billing/subscription-checkouts/[id]/route";
import { GET as listRoute, POST as createRoute } from "@/app/v1/billing/subscription-checkouts/route";
import type { OrgContext } from "@/lib/auth/context";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { createPlan } from "@/lib/plans/create-plan";
import { connectStripeForTest } from "./connections";
import { createOwner } from "./factories";

// Drives the /v1 checkout routes the way an integration does: real route handlers, a real
// token, the run's database and sandbox.

const base = "http://beacon.test/v1/billing/subscription-checkouts";

export async function checkoutOrg(label = "checkouts", options: { stripe?: boolean } = {}) {
  const owner = await createOwner(label);
  const token = (await createApiToken({ ctx: owner, input: { name: "backend", scopes: ["integration"], mode: "test" } })).token;
  const plan = await createPlan({ ctx: owner, input: { code: "plus", name: "Plus", currency: "usd", trialDays: 0, prices: { monthly: 1500, yearly: 15000 } } });
  const stripe = options.stripe === false ? null : await connectStripeForTest(owner);
  return { owner, token, plan, stripe, body: (extra: Record<string, unknown> = {}) => checkoutBody(owner, extra) };
}

export function checkoutBody(owner: OrgContext, extra: Record<string, unknown> = {}) {
  return { organizationId: owner.organization.id, plan: "plus", billingCycle: "monthly", mode: "test", ...extra };
}

export function postCheckout(token: string, body: unknown, key: string | null, headers: Record<string, string> = {}) {
  const request = new Request(base, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(key === null ? {} : { "idempotency-key": key }), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return createRoute(request, { params: Promise.resolve({}) });
}

export function getCheckoutById(token: string, id: string) {
  return getRoute(new Request(`${base}/${id}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id }) });
}

export function listCheckoutsPage(token: string, query = "") {
  return listRoute(new Request(`${base}${query}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
}

export function confirmCheckoutById(token: string, id: string) {
  return confirmRoute(new Request(`${base}/${id}/confirm`, { method: "POST", headers: { authorization: `Bearer ${token}` } }), {
    params: Promise.resolve({ id }),
  });
}

/** Pays a sandbox Stripe hosted checkout as a buyer; 303 to the success URL when the card passes. */
export function payStripeCheckout(url: string, card = "4242424242424242", email = "buyer@example.com") {
  return fetch(url, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ email, name: "Ada Buyer", card_number: card, card_expiry: "12/34", card_cvc: "123" }),
  });
}
