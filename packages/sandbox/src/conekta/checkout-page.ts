import type { SandboxEngine } from "../engine";
import type { HttpResult } from "../http/api";
import type { Params } from "../http/form";
import { optString } from "../http/params";
import { escapeHtml, page, redirect } from "../html";
import { chargeOrder } from "./billing";
import { DECLINE_MESSAGES } from "./cards";
import { completeCheckout } from "./checkout-complete";
import { ConektaError } from "./errors";
import type { CheckoutModel, OrderModel } from "./models-orders";
import { readCard } from "./tokenizer-page";
import { createCheckoutRequest, spendToken, tokenizeCard } from "./tokens";

const view = (title: string, body: string, status = 200) => page(title, body, status, "Conekta");

function money(amount: number, currency: string): string {
  return `$${(amount / 100).toFixed(2)} ${currency}`;
}

function form(engine: SandboxEngine, account: string, checkout: CheckoutModel, order: OrderModel, error: string | null, values: Params): string {
  const value = (key: string, fallback = "") => escapeHtml(optString(values, key) ?? fallback);
  const items = order.line_items.map((i) => `<li>${escapeHtml(i.name)} × ${i.quantity}: ${money(i.unit_price * i.quantity, order.currency)}</li>`).join("");
  const chosen = optString(values, "plan_id") ?? checkout.plan_ids[0];
  const plans = checkout.plan_ids
    .map((id) => engine.conekta.get("plan", id, account))
    .map((p) => p && `<label><input type="radio" name="plan_id" value="${escapeHtml(p.id)}"${p.id === chosen ? " checked" : ""}> ${escapeHtml(p.name)}: ${money(p.amount, p.currency)} every ${p.frequency > 1 ? `${p.frequency} ` : ""}${p.interval}${p.trial_period_days ? ` (${p.trial_period_days}-day trial)` : ""}</label>`)
    .join("");
  const info = order.customer_info;
  return `<h1>Pay ${money(order.amount, order.currency)}</h1><ul id="line-items">${items}</ul>
${plans ? `<fieldset id="plans"><legend>Plan</legend>${plans}</fieldset>` : ""}
${error ? `<p class="error" role="alert" id="error">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/conekta/checkout/${checkout.id}">
<label for="name">Name</label><input id="name" name="name" value="${value("name", info.name ?? "")}">
<label for="email">Email</label><input id="email" name="email" type="email" value="${value("email", info.email ?? "")}">
<label for="phone">Phone</label><input id="phone" name="phone" value="${value("phone", info.phone ?? "")}">
<label for="card_number">Card number</label><input id="card_number" name="card_number" value="${value("card_number")}" placeholder="4242 4242 4242 4242">
<label for="card_expiry">Expiry (MM/YY)</label><input id="card_expiry" name="card_expiry" value="${value("card_expiry", "12/34")}">
<label for="card_cvc">CVC</label><input id="card_cvc" name="card_cvc" value="${value("card_cvc", "123")}">
<button type="submit">${plans ? "Subscribe" : "Pay"}</button></form>`;
}

// Conekta sends the buyer back with the checkout and order ids in the query.
function back(url: string, checkout: CheckoutModel, order: OrderModel): HttpResult {
  const target = new URL(url);
  target.searchParams.set("checkout_id", checkout.id);
  target.searchParams.set("order_id", order.id);
  target.searchParams.set("payment_status", order.payment_status ?? "pending_payment");
  return redirect(target.toString());
}

/** GET/POST /conekta/checkout/:id — the HostedPayment page an order's `checkout.url` points at. */
export function conektaCheckoutPage(engine: SandboxEngine, method: string, id: string, values: Params): HttpResult {
  const found = engine.conekta.findCheckout(id);
  const order = found && engine.conekta.get("order", found.checkout.order_id, found.scope);
  if (!found || !order || found.checkout.type !== "HostedPayment") return view("Not found", "<h1>This payment link does not exist.</h1>", 404);
  const { scope: account, checkout } = found;
  if (checkout.status === "Expired" || checkout.expires_at <= engine.now()) return view("Expired", "<h1>This payment link has expired.</h1>", 410);
  if (checkout.status === "Finalized") return view("Paid", "<h1>This order is already paid.</h1>", 409);
  if (method === "GET") return view("Checkout", form(engine, account, checkout, order, null, {}));

  const fail = (message: string, status: number) => view("Checkout", form(engine, account, checkout, order, message, values), status);
  const email = (optString(values, "email") ?? "").trim();
  const phone = (optString(values, "phone") ?? "").trim();
  if (!(optString(values, "name") ?? "").trim()) return fail("Enter the cardholder's name.", 400);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return fail("Enter a valid email address.", 400);
  if (phone.replace(/\D/g, "").length < 10) return fail("Enter a 10-digit phone number.", 400);
  const typed = readCard(values);
  if (!typed.ok) return fail(typed.message, 400);
  const planId = checkout.plan_ids.length > 0 ? (optString(values, "plan_id") ?? checkout.plan_ids[0] ?? null) : null;
  if (planId !== null && !checkout.plan_ids.includes(planId)) return fail("Choose one of the plans.", 400);

  // The seed guide's tokenizer flow: a checkout request, the card tokenized into its one-time token.
  const request = createCheckoutRequest(engine, account);
  const tokenized = tokenizeCard(engine, request, typed.card);
  if (!tokenized.ok) return fail(tokenized.message, tokenized.status);
  const name = typed.card.name;

  // A declining card leaves a declined charge on the order; the buyer may try another card.
  if (typed.card.behavior === "declines") {
    chargeOrder(engine, account, order, { card: { ...spendToken(engine, account, request.id), name }, paymentSourceId: null }, false);
    if (checkout.failure_url) return back(checkout.failure_url, checkout, order);
    return fail(DECLINE_MESSAGES[typed.card.decline ?? "card_declined"], 402);
  }
  try {
    completeCheckout(engine, account, checkout, order, { name, email, phone, tokenId: request.id, planId });
  } catch (err) {
    if (err instanceof ConektaError) return fail(err.message, err.status);
    throw err;
  }
  if (checkout.success_url) return back(checkout.success_url, checkout, order);
  return view("Thanks", "<h1>Payment received. Thank you.</h1>");
}
