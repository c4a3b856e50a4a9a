import type { SandboxEngine } from "../engine";
import { conektaId } from "../ids";
import { checkCard } from "../stripe/payments";
import type { CardBehavior, CardDetails, CardModel } from "./models";

export type CardSpec = Omit<CardDetails, "name"> & { behavior: CardBehavior; decline: CardModel["decline"] };

const visa = (last4: string, bin: string, behavior: CardBehavior = "succeeds", decline: CardModel["decline"] = null): CardSpec => ({
  brand: "visa", last4, bin, exp_month: "12", exp_year: "34", card_type: "credit", behavior, decline,
});

// Conekta's test tokens (reusable, as in Conekta's test mode; tokens from POST /tokens are single use). tok_test_visa_0341 is the
// sandbox's own: it attaches and pays while the buyer is present, then recurring charges fail.
export const TEST_TOKENS: Record<string, CardSpec> = {
  tok_test_visa_4242: visa("4242", "424242"),
  tok_test_mastercard_4444: { ...visa("4444", "555555"), brand: "mastercard" },
  tok_test_amex_0005: { ...visa("0005", "378282"), brand: "american_express" },
  tok_test_card_declined: visa("0002", "400000", "declines", "card_declined"),
  tok_test_insufficient_funds: visa("9995", "400000", "declines", "insufficient_funds"),
  tok_test_visa_0341: visa("0341", "400000", "attach_fails_later", "card_declined"),
};

export const DECLINE_MESSAGES: Record<NonNullable<CardModel["decline"]>, string> = {
  card_declined: "The card was declined.",
  insufficient_funds: "The card has insufficient funds.",
};

/** A card typed on the hosted page: the same test numbers as the Stripe sandbox. */
export function cardFromNumber(number: string, expiry: { month: number; year: number }): { ok: true; spec: CardSpec } | { ok: false; message: string } {
  const check = checkCard(number);
  if (!check.ok) return { ok: false, message: check.message };
  const digits = number.replace(/[\s-]/g, "");
  const decline = check.decline_code === null ? null : check.decline_code === "insufficient_funds" ? "insufficient_funds" : "card_declined";
  return {
    ok: true,
    spec: {
      brand: check.brand === "unknown" ? "visa" : check.brand,
      last4: check.last4,
      bin: digits.slice(0, 6),
      exp_month: String(expiry.month).padStart(2, "0"),
      exp_year: String(expiry.year % 100).padStart(2, "0"),
      card_type: "credit",
      behavior: check.behavior,
      decline,
    },
  };
}

/** Saves a card on a customer (named as its token's cardholder, else `name`); the first card becomes the default. */
export function attachCard(engine: SandboxEngine, account: string, customerId: string, spec: CardSpec & { name?: string }, name: string): CardModel {
  const card = engine.conekta.insert("payment_source", account, {
    ...spec,
    id: conektaId("src"),
    created_at: engine.now(),
    customer_id: customerId,
    name: spec.name ?? name,
  });
  const customer = engine.conekta.get("customer", customerId, account);
  if (customer && !customer.default_payment_source_id) customer.default_payment_source_id = card.id;
  engine.conekta.touch();
  return card;
}

/** Whether a charge passes: `recurring` charges are the ones made without the buyer. */
export function chargeOutcome(card: Pick<CardModel, "behavior" | "decline">, recurring: boolean): CardModel["decline"] {
  if (card.behavior === "succeeds") return null;
  if (card.behavior === "attach_fails_later" && !recurring) return null;
  return card.decline ?? "card_declined";
}
