import type { SandboxEngine } from "../engine";
import type { HttpResult } from "../http/api";
import type { Params } from "../http/form";
import { optString } from "../http/params";
import { escapeHtml, page } from "../html";
import { cardFromNumber, type CardSpec } from "./cards";
import { renderToken, tokenizeCard } from "./tokens";

const view = (title: string, body: string, status = 200) => page(title, body, status, "Conekta");

export type TypedCard = { ok: true; card: CardSpec & { name: string } } | { ok: false; message: string };

function parseExpiry(raw: string): { month: number; year: number } | null {
  const match = /^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/.exec(raw.trim());
  const month = Number(match?.[1]);
  const year = Number(match?.[2]);
  return match && month >= 1 && month <= 12 ? { month, year: year < 100 ? 2000 + year : year } : null;
}

/** The card fields of a form (`name`, `card_number`, `card_expiry` MM/YY, `card_cvc`), as the tokenizer reads them. */
export function readCard(values: Params): TypedCard {
  const name = (optString(values, "name") ?? "").trim();
  if (!name) return { ok: false, message: "Enter the cardholder's name." };
  const expiry = parseExpiry(optString(values, "card_expiry") ?? "");
  if (!expiry) return { ok: false, message: "The card's expiration date is incomplete." };
  if (!/^\d{3,4}$/.test(optString(values, "card_cvc") ?? "")) return { ok: false, message: "The card's security code is incomplete." };
  const parsed = cardFromNumber(optString(values, "card_number") ?? "", expiry);
  return parsed.ok ? { ok: true, card: { ...parsed.spec, name } } : { ok: false, message: parsed.message };
}

function form(id: string, error: string | null, values: Params): string {
  const value = (key: string, fallback = "") => escapeHtml(optString(values, key) ?? fallback);
  return `<h1>Add a card</h1>
${error ? `<p class="error" role="alert" id="error">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/conekta/tokenizer/${escapeHtml(id)}">
<label for="name">Cardholder name</label><input id="name" name="name" value="${value("name")}">
<label for="card_number">Card number</label><input id="card_number" name="card_number" value="${value("card_number")}" placeholder="4242 4242 4242 4242">
<label for="card_expiry">Expiry (MM/YY)</label><input id="card_expiry" name="card_expiry" value="${value("card_expiry", "12/34")}">
<label for="card_cvc">CVC</label><input id="card_cvc" name="card_cvc" value="${value("card_cvc", "123")}">
<button type="submit">Add card</button></form>`;
}

/**
 * GET/POST /conekta/tokenizer/:checkoutRequestId — the Web Checkout Tokenizer's card form for a
 * checkout request (`POST /tokens` with `returns_control_on: "Token"`). Success shows the token
 * the component's `onCreateTokenSucceeded` receives; a checkout request tokenizes one card only.
 */
export function conektaTokenizerPage(engine: SandboxEngine, method: string, id: string, values: Params): HttpResult {
  const found = engine.conekta.findCheckoutRequest(id);
  if (!found) return view("Not found", "<h1>This checkout request does not exist.</h1>", 404);
  const { token } = found;
  if (token.card || token.used) return view("Used", `<h1 id="error">This checkout request was already used to tokenize a card.</h1>`, 409);
  if (token.expires_at <= engine.now()) return view("Expired", "<h1>This checkout request has expired.</h1>", 410);
  if (method === "GET") return view("Add a card", form(id, null, {}));
  const typed = readCard(values);
  if (!typed.ok) return view("Add a card", form(id, typed.message, values), 400);
  const result = tokenizeCard(engine, token, typed.card);
  if (!result.ok) return view("Add a card", form(id, result.message, values), result.status);
  const json = JSON.stringify(renderToken(result.token), null, 2);
  return view("Card added", `<h1>Card added</h1><p>Token <code id="token-id">${escapeHtml(result.token.id)}</code></p><pre id="token">${escapeHtml(json)}</pre>`);
}
