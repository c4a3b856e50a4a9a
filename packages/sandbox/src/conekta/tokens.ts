import type { SandboxEngine } from "../engine";
import { conektaId, uuid } from "../ids";
import type { ConektaContext, ConektaRouter } from "./api";
import { cardFromNumber, TEST_TOKENS, type CardSpec } from "./cards";
import { ConektaError, invalidParam } from "./errors";
import type { TokenModel } from "./models";
import { optObject, reqString, type Body } from "./params";

// Conekta's tokenizer (the seed guide, "Web Checkout Tokenizer"): `POST /tokens` with
// `checkout.returns_control_on: "Token"` answers a token and a checkout request id; the tokenizer
// page (here `/conekta/tokenizer/<checkout request id>`) takes the card into that token; the
// token then creates a customer's payment source, once. `POST /tokens` with `card` tokenizes
// directly (Conekta allows it to PCI-compliant accounts only).

type Obj = Record<string, unknown>;

// The guide's checkout request runs from starts_at to expires_at, three days minus a second.
const TOKEN_TTL = 3 * 86_400 - 1;

function renderCheckoutRequest(token: TokenModel): Obj | null {
  const checkout = token.checkout;
  if (!checkout) return null;
  return {
    id: checkout.id,
    name: checkout.name,
    livemode: false,
    emails_sent: 0,
    paid_payments_count: token.card ? 1 : 0,
    sms_sent: 0,
    status: token.card ? "Finalized" : "Issued",
    type: "Integration",
    recurrent: false,
    starts_at: checkout.starts_at,
    expires_at: checkout.expires_at,
    allowed_payment_methods: ["card"],
    exclude_card_networks: [],
    needs_shipping_contact: false,
    monthly_installments_options: [],
    monthly_installments_enabled: false,
    force_3ds_flow: false,
    metadata: {},
    can_not_expire: false,
    object: "checkout",
    on_demand_enabled: false,
  };
}

export function renderToken(token: TokenModel): Obj {
  return { id: token.id, livemode: false, used: token.used, checkout: renderCheckoutRequest(token), object: "token" };
}

/** A checkout request for the tokenizer: a token with no card yet. */
export function createCheckoutRequest(engine: SandboxEngine, account: string): TokenModel {
  const now = engine.now();
  const id = conektaId("tok");
  return engine.conekta.insert("token", account, {
    id,
    created_at: now,
    expires_at: now + TOKEN_TTL,
    used: false,
    checkout: { id: uuid(), name: `tok-${id.slice(4)}`, starts_at: now, expires_at: now + TOKEN_TTL },
    card: null,
  });
}

export type TokenizeResult = { ok: true; token: TokenModel } | { ok: false; status: number; message: string };

/** The tokenizer's step: the card typed for a checkout request goes into its token, once. */
export function tokenizeCard(engine: SandboxEngine, token: TokenModel, card: CardSpec & { name: string }): TokenizeResult {
  if (token.card || token.used) return { ok: false, status: 409, message: "This checkout request was already used to tokenize a card; create a new one." };
  if (token.expires_at <= engine.now()) return { ok: false, status: 410, message: "This checkout request has expired; create a new one." };
  token.card = card;
  engine.conekta.touch();
  return { ok: true, token };
}

// The OpenAPI's answers: an unknown token is a 422 on `payment_method.token_id`, a used one a 402.
const spent = (debug: string, reason: string) =>
  new ConektaError(402, "processing_error", "The card could not be processed.", `conekta.errors.processing.tokenization.${reason}`, null, debug);

/** The card behind a usable token, without spending it; Conekta's errors when it is not usable. */
function usableToken(engine: SandboxEngine, account: string, id: string): { card: CardSpec & { name?: string }; token: TokenModel | null } {
  const test = TEST_TOKENS[id];
  if (test) return { card: test, token: null };
  const token = engine.conekta.get("token", id, account);
  if (!token) {
    throw new ConektaError(422, "parameter_validation_error", "The token does not exist.", "conekta.errors.parameter_validation.payment_method.token_id.nonexistent_token", "payment_method.token_id");
  }
  if (token.used) throw spent("The token has already been used.", "used");
  if (token.expires_at <= engine.now()) throw spent("The token has expired.", "expired");
  if (!token.card) throw spent("The token has no card yet: the tokenizer has not taken one for its checkout request.", "incomplete");
  return { card: token.card, token };
}

/**
 * The cards behind tokens, which are spent by this use, all or none. Conekta's test tokens
 * (`tok_test_visa_4242`, …) are not stored and stay reusable, as in Conekta's test mode.
 */
export function spendTokens(engine: SandboxEngine, account: string, ids: string[]): (CardSpec & { name?: string })[] {
  const stored = ids.filter((id) => !TEST_TOKENS[id]);
  // One token twice in a request: its second use is a reuse.
  if (new Set(stored).size < stored.length) throw spent("The token has already been used.", "used");
  const usable = ids.map((id) => usableToken(engine, account, id));
  for (const { token } of usable) if (token) token.used = true;
  engine.conekta.touch();
  return usable.map(({ card }) => card);
}

export function spendToken(engine: SandboxEngine, account: string, id: string): CardSpec & { name?: string } {
  const [card] = spendTokens(engine, account, [id]);
  if (!card) throw new Error("spendTokens returned no card");
  return card;
}

function cardParam(card: Body, key: string, max?: number): string {
  const value = reqString(card, key, `card.${key}`);
  if (max !== undefined && value.length > max) throw invalidParam(`card.${key}`, `The parameter card.${key} is too long.`);
  return value;
}

// POST /tokens — `{ checkout: { returns_control_on: "Token" } }` or `{ card: { number, name, cvc, exp_month, exp_year } }`
function createToken({ engine, account, body }: ConektaContext): Obj {
  const checkout = optObject(body, "checkout");
  const card = optObject(body, "card");
  if (!checkout === !card) throw invalidParam("card", "Send either card or checkout.", checkout ? "invalid" : "missing");
  if (checkout) {
    if (reqString(checkout, "returns_control_on", "checkout.returns_control_on") !== "Token") {
      throw invalidParam("checkout.returns_control_on", "The parameter checkout.returns_control_on must be Token.");
    }
    return renderToken(createCheckoutRequest(engine, account.id));
  }
  const raw = card as Body;
  const name = cardParam(raw, "name");
  if (!/^\d{3,4}$/.test(cardParam(raw, "cvc", 4))) throw invalidParam("card.cvc", "The card's security code is not valid.");
  const month = Number(cardParam(raw, "exp_month", 2));
  const year = Number(cardParam(raw, "exp_year", 2));
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year)) throw invalidParam("card.exp_month", "The card's expiration date is not valid.");
  const parsed = cardFromNumber(cardParam(raw, "number"), { month, year: 2000 + year });
  if (!parsed.ok) throw invalidParam("card.number", parsed.message);
  const now = engine.now();
  const token = engine.conekta.insert("token", account.id, {
    id: conektaId("tok"),
    created_at: now,
    expires_at: now + TOKEN_TTL,
    used: false,
    checkout: null,
    card: { ...parsed.spec, name },
  });
  return renderToken(token);
}

export function registerTokens(router: ConektaRouter): void {
  router.add("POST", "/tokens", createToken);
}
