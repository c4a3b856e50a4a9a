import type { SandboxEngine } from "../engine";
import type { Params } from "../http/form";
import type { Obj } from "../http/router";
import { checkoutPage } from "./checkout-page";
import { collectInvoice, createSubscriptionInvoice } from "./invoicing";
import { createStripeRouter } from "./routes";
import { periodEnd } from "./subscription-state";

// `stripe trigger` for the sandbox: each event is produced by the same route handlers and
// hosted page a client would use, in-process, so the events are exactly the real ones.

const router = createStripeRouter();

function call(engine: SandboxEngine, scope: string, method: string, path: string, params: Params = {}): Obj {
  const match = router.match(method, path);
  if (!match) throw new Error(`No Stripe route ${method} ${path}`);
  return engine.withRequest({ id: null, idempotency_key: null }, () =>
    match.handler({ engine, params, path: match.path, scope, connected: scope !== engine.platformId }),
  );
}

// Product, monthly price, checkout session, then the hosted page paid with `card`.
function subscribe(engine: SandboxEngine, scope: string, card = "4242424242424242"): { subscription: string; invoice: string } {
  const product = call(engine, scope, "POST", "/v1/products", { name: "Triggered product" });
  const price = call(engine, scope, "POST", "/v1/prices", {
    product: String(product.id), currency: "usd", unit_amount: "2000", recurring: { interval: "month" },
  });
  const session = call(engine, scope, "POST", "/v1/checkout/sessions", {
    mode: "subscription", line_items: [{ price: String(price.id), quantity: "1" }], success_url: "https://example.com/success",
  });
  const id = String(session.id);
  checkoutPage(engine, "POST", id, { email: "trigger@example.com", name: "Trigger", card_number: card, card_expiry: "12/34", card_cvc: "123" });
  const done = engine.store.get("checkout.session", id);
  return { subscription: done?.subscription ?? "", invoice: done?.invoice ?? "" };
}

// What fixture files cannot express yet: paying the hosted Checkout page (the CLI's fixtures use
// Stripe's private payment_pages API), a renewal that fails into past_due, and an update made
// in a connected account. Every other Stripe trigger is a file in packages/sandbox/fixtures/.
export const STRIPE_TRIGGERS: Record<string, (engine: SandboxEngine, scope: string) => void> = {
  "checkout.session.completed": (engine, scope) => void subscribe(engine, scope),
  // A 0341 card pays on the hosted Checkout page; an invoice for the current period, collected by API, fails.
  "invoice.payment_failed": (engine, scope) => {
    const { subscription } = subscribe(engine, scope, "4000000000000341");
    const sub = engine.store.get("subscription", subscription);
    if (!sub) return;
    const invoice = createSubscriptionInvoice(engine, scope, sub, { reason: "manual", periodStart: engine.now(), periodEnd: periodEnd(sub), trial: false });
    collectInvoice(engine, scope, invoice);
  },
  // A new connected account (or the given one) gets a business name.
  "account.updated": (engine, scope) => {
    const id = scope === engine.platformId ? String(call(engine, scope, "POST", "/v1/accounts", { type: "standard" }).id) : scope;
    call(engine, engine.platformId, "POST", `/v1/accounts/${id}`, { business_profile: { name: `Triggered ${engine.now()}` } });
  },
};
