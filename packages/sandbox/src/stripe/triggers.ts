import { previousAttributes, type SandboxEngine } from "../engine";
import type { Params } from "../http/form";
import type { Obj } from "../http/router";
import { checkoutPage } from "./checkout-page";
import { collectInvoice, createSubscriptionInvoice, finalizeInvoice, voidInvoice } from "./invoicing";
import { createStripeRouter } from "./routes";
import { renderInvoice } from "./render-invoice";
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

export const STRIPE_TRIGGERS: Record<string, (engine: SandboxEngine, scope: string) => void> = {
  "checkout.session.completed": (engine, scope) => void subscribe(engine, scope),
  "customer.subscription.created": (engine, scope) => void subscribe(engine, scope),
  "invoice.paid": (engine, scope) => void subscribe(engine, scope),
  "invoice.created": (engine, scope) => void subscribe(engine, scope),
  "invoice.finalized": (engine, scope) => void subscribe(engine, scope),
  // A draft invoice for the current period gets metadata, as `stripe invoices update` would.
  "invoice.updated": (engine, scope) => {
    const { subscription } = subscribe(engine, scope);
    const sub = engine.store.get("subscription", subscription);
    if (!sub) return;
    const invoice = createSubscriptionInvoice(engine, scope, sub, { reason: "manual", periodStart: engine.now(), periodEnd: periodEnd(sub), trial: false });
    const before = renderInvoice(engine, invoice);
    invoice.metadata = { ...invoice.metadata, triggered: "true" };
    engine.store.touch();
    const after = renderInvoice(engine, invoice);
    engine.emit(scope, "invoice.updated", after, previousAttributes(before, after));
  },
  "invoice.payment_succeeded": (engine, scope) => void subscribe(engine, scope),
  // An extra invoice for the current period, finalized, then voided before it is collected.
  "invoice.voided": (engine, scope) => {
    const { subscription } = subscribe(engine, scope);
    const sub = engine.store.get("subscription", subscription);
    if (!sub) return;
    const invoice = createSubscriptionInvoice(engine, scope, sub, { reason: "manual", periodStart: engine.now(), periodEnd: periodEnd(sub), trial: false });
    finalizeInvoice(engine, scope, invoice);
    voidInvoice(engine, scope, invoice);
  },
  "customer.subscription.updated": (engine, scope) => {
    const { subscription } = subscribe(engine, scope);
    call(engine, scope, "POST", `/v1/subscriptions/${subscription}`, { metadata: { triggered: "true" } });
  },
  "customer.subscription.deleted": (engine, scope) => {
    const { subscription } = subscribe(engine, scope);
    call(engine, scope, "DELETE", `/v1/subscriptions/${subscription}`);
  },
  // A 0341 card pays at checkout; an invoice for the current period, collected off-session, fails.
  "invoice.payment_failed": (engine, scope) => {
    const { subscription } = subscribe(engine, scope, "4000000000000341");
    const sub = engine.store.get("subscription", subscription);
    if (!sub) return;
    const invoice = createSubscriptionInvoice(engine, scope, sub, { reason: "manual", periodStart: engine.now(), periodEnd: periodEnd(sub), trial: false });
    collectInvoice(engine, scope, invoice, true);
  },
  // A new connected account (or the given one) gets a business name.
  "account.updated": (engine, scope) => {
    const id = scope === engine.platformId ? String(call(engine, scope, "POST", "/v1/accounts", { type: "standard" }).id) : scope;
    call(engine, engine.platformId, "POST", `/v1/accounts/${id}`, { business_profile: { name: `Triggered ${engine.now()}` } });
  },
};
