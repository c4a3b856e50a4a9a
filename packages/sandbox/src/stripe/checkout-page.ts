import type { SandboxEngine } from "../engine";
import type { HttpResult } from "../http/api";
import type { Params } from "../http/form";
import { optString } from "../http/params";
import { escapeHtml, page, redirect } from "../html";
import { completeCheckout } from "./checkout-complete";
import type { CheckoutSessionModel } from "./models-billing";
import { checkCard, declineMessage } from "./payments";
import { TAX_COUNTRIES } from "./tax";

function money(amount: number, currency: string): string {
  return `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
}

function summary(engine: SandboxEngine, session: CheckoutSessionModel): string {
  const rows = session.line_items.map((item) => {
    const price = engine.store.get("price", item.price);
    const product = price ? engine.store.get("product", price.product) : undefined;
    const every = price?.recurring ? ` / ${price.recurring.interval_count > 1 ? `${price.recurring.interval_count} ` : ""}${price.recurring.interval}` : "";
    return `<li>${escapeHtml(product?.name ?? item.price)} × ${item.quantity}: ${money((price?.unit_amount ?? 0) * item.quantity, session.currency)}${every}</li>`;
  });
  const trial = session.trial_period_days ? `<p>${session.trial_period_days}-day free trial</p>` : "";
  return `<ul id="line-items">${rows.join("")}</ul>${trial}`;
}

function form(engine: SandboxEngine, session: CheckoutSessionModel, error: string | null, values: Params): string {
  const value = (key: string, fallback = "") => escapeHtml(optString(values, key) ?? fallback);
  const email = session.customer ? (engine.store.get("customer", session.customer)?.email ?? "") : (session.customer_email ?? "");
  const countries = TAX_COUNTRIES.map((c) => `<option value="${c}"${value("country", "US") === c ? " selected" : ""}>${c}</option>`).join("");
  const tax = session.automatic_tax
    ? `<label for="country">Country</label><select id="country" name="country">${countries}</select>
<label for="postal_code">Postal code</label><input id="postal_code" name="postal_code" value="${value("postal_code")}">`
    : "";
  const taxId = session.tax_id_collection
    ? `<label for="tax_id_type">Business tax ID type (optional)</label><input id="tax_id_type" name="tax_id_type" value="${value("tax_id_type")}" placeholder="eu_vat">
<label for="tax_id_value">Business tax ID</label><input id="tax_id_value" name="tax_id_value" value="${value("tax_id_value")}">`
    : "";
  const cancel = session.cancel_url ? `<p><a id="cancel" href="${escapeHtml(session.cancel_url)}">← Back</a></p>` : "";
  return `${cancel}<h1>Subscribe</h1>${summary(engine, session)}
${error ? `<p class="error" role="alert" id="error">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/checkout/${session.id}">
<label for="email">Email</label><input id="email" name="email" type="email" value="${value("email", email)}">
<label for="card_number">Card number</label><input id="card_number" name="card_number" value="${value("card_number")}" placeholder="4242 4242 4242 4242">
<label for="card_expiry">Expiry (MM/YY)</label><input id="card_expiry" name="card_expiry" value="${value("card_expiry", "12/34")}">
<label for="card_cvc">CVC</label><input id="card_cvc" name="card_cvc" value="${value("card_cvc", "123")}">
<label for="name">Name on card</label><input id="name" name="name" value="${value("name")}">
${tax}${taxId}<button type="submit">${session.trial_period_days ? "Start trial" : "Subscribe"}</button></form>`;
}

function parseExpiry(raw: string): { month: number; year: number } | null {
  const match = /^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/.exec(raw.trim());
  if (!match) return null;
  const month = Number(match[1]);
  const year = Number(match[2]) < 100 ? 2000 + Number(match[2]) : Number(match[2]);
  return month >= 1 && month <= 12 ? { month, year } : null;
}

/** GET/POST /checkout/:id — the hosted payment page a Checkout Session's `url` points at. */
export function checkoutPage(engine: SandboxEngine, method: string, id: string, values: Params): HttpResult {
  const found = engine.store.kindOf(id);
  const session = found?.kind === "checkout.session" ? engine.store.get("checkout.session", id) : undefined;
  if (!session || !found) return page("Not found", "<h1>Something went wrong</h1><p>This checkout page does not exist.</p>", 404);
  if (session.status === "expired" || session.expires_at <= engine.now()) {
    return page("Expired", "<h1>This checkout session has expired.</h1>", 410);
  }
  if (session.status === "complete") return page("Paid", "<h1>This checkout session is already complete.</h1>", 409);
  if (method === "GET") return page("Checkout", form(engine, session, null, {}));

  const fail = (message: string, status: number): HttpResult => {
    session.last_error = message;
    engine.store.touch();
    return page("Checkout", form(engine, session, message, values), status);
  };
  const email = (optString(values, "email") ?? "").trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return fail("Your email address is invalid.", 400);
  const card = checkCard(optString(values, "card_number") ?? "");
  if (!card.ok) return fail(card.message, 400);
  const expiry = parseExpiry(optString(values, "card_expiry") ?? "");
  if (!expiry) return fail("Your card's expiration date is incomplete.", 400);
  if (!/^\d{3,4}$/.test(optString(values, "card_cvc") ?? "")) return fail("Your card's security code is incomplete.", 400);
  // A card that declines outright never creates the subscription; the buyer can try again.
  if (card.behavior === "declines") return fail(declineMessage(card.decline_code ?? "generic_decline"), 402);
  const taxType = (optString(values, "tax_id_type") ?? "").trim();
  const taxValue = (optString(values, "tax_id_value") ?? "").trim();
  if (session.tax_id_collection && taxValue && !taxType) return fail("Choose the type of your tax ID.", 400);

  completeCheckout(engine, found.scope, session, {
    email,
    name: optString(values, "name")?.trim() || null,
    country: session.automatic_tax ? (optString(values, "country") ?? "US").toUpperCase() : null,
    postalCode: optString(values, "postal_code")?.trim() || null,
    taxId: session.tax_id_collection && taxValue ? { type: taxType, value: taxValue } : null,
    card: { behavior: card.behavior, decline_code: card.decline_code, brand: card.brand, last4: card.last4, exp_month: expiry.month, exp_year: expiry.year },
  });
  if (!session.success_url) return page("Thanks", "<h1>Thanks for subscribing.</h1>");
  return redirect(session.success_url.replace(/\{CHECKOUT_SESSION_ID\}/g, session.id));
}
