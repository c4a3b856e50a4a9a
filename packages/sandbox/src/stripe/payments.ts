import type { SandboxEngine } from "../engine";
import { newId } from "../ids";
import type { CardBehavior, PaymentMethodModel } from "./models";
import type { ChargeModel, PaymentIntentModel } from "./models-billing";
import { renderCharge, renderPaymentIntent } from "./render-payments";

// Stripe's documented test cards that the sandbox understands.
const TEST_CARDS: Record<string, { behavior: CardBehavior; decline?: string }> = {
  "4242424242424242": { behavior: "succeeds" },
  "5555555555554444": { behavior: "succeeds" },
  "4000000000000002": { behavior: "declines", decline: "generic_decline" },
  "4000000000009995": { behavior: "declines", decline: "insufficient_funds" },
  "4000000000000341": { behavior: "attach_fails_later", decline: "generic_decline" },
  "4000002760003184": { behavior: "requires_3ds" },
  "4000002500003155": { behavior: "requires_3ds" },
  "4000000000003220": { behavior: "requires_3ds" },
  "4000000000000259": { behavior: "disputes" },
  "4000000000000127": { behavior: "declines", decline: "incorrect_cvc" },
  "4000000000000069": { behavior: "declines", decline: "expired_card" },
  "4000000000000077": { behavior: "succeeds" },
};

// Stripe's test payment method ids and tokens (`pm_card_visa`, `tok_visa`) name a test card;
// each use stands for a fresh payment method made from that card.
const TEST_IDS: Record<string, string> = {
  visa: "4242424242424242",
  visa_debit: "4000056655665556",
  mastercard: "5555555555554444",
  amex: "378282246310005",
  bypassPending: "4000000000000077",
  chargeDeclined: "4000000000000002",
  visa_chargeDeclined: "4000000000000002",
  chargeDeclinedInsufficientFunds: "4000000000009995",
  chargeDeclinedIncorrectCvc: "4000000000000127",
  chargeDeclinedExpiredCard: "4000000000000069",
  chargeCustomerFail: "4000000000000341",
  threeDSecure2Required: "4000000000003220",
  threeDSecureRequired: "4000000000003220",
  authenticationRequired: "4000002760003184",
  authenticationRequiredOnSetup: "4000002500003155",
  createDispute: "4000000000000259",
  createDisputeProductNotReceived: "4000000000000259",
  createDisputeInquiry: "4000000000000259",
};

/** The card number behind `pm_card_<name>` / `tok_<name>`, or undefined for any other id. */
export function testCardNumber(id: string): string | undefined {
  const name = /^(?:pm_card_|tok_)(.+)$/.exec(id)?.[1];
  return name ? TEST_IDS[name] : undefined;
}

const DECLINE_MESSAGES: Record<string, string> = {
  generic_decline: "Your card was declined.",
  insufficient_funds: "Your card has insufficient funds.",
  incorrect_cvc: "Your card's security code is incorrect.",
  expired_card: "Your card has expired.",
};

export type CardCheck<B = CardBehavior> =
  | { ok: true; behavior: B; decline_code: string | null; brand: string; last4: string }
  | { ok: false; code: string; message: string };

type PageBehavior = "succeeds" | "declines" | "attach_fails_later";

/**
 * A card typed on a hosted page (Stripe Checkout, Conekta): those flows have no authentication
 * step or disputes, so the 3-D Secure and dispute cards simply succeed there.
 */
export function checkCard(raw: string): CardCheck<PageBehavior> {
  const check = inspectCard(raw);
  if (!check.ok || check.behavior === "succeeds" || check.behavior === "declines" || check.behavior === "attach_fails_later") return check as CardCheck<PageBehavior>;
  return { ...check, behavior: "succeeds" };
}

function luhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i += 1) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Every behavior a test card has when paid through the payments API. */
export function inspectCard(raw: string): CardCheck {
  const number = raw.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(number) || !luhn(number)) {
    return { ok: false, code: "incorrect_number", message: "Your card number is incorrect." };
  }
  const known = TEST_CARDS[number];
  const brand = number.startsWith("4") ? "visa" : number.startsWith("5") ? "mastercard" : /^3[47]/.test(number) ? "amex" : "unknown";
  return {
    ok: true,
    behavior: known?.behavior ?? "succeeds",
    decline_code: known?.decline ?? null,
    brand,
    last4: number.slice(-4),
  };
}

export function declineMessage(code: string): string {
  return DECLINE_MESSAGES[code] ?? "Your card was declined.";
}

export function createPaymentMethod(
  engine: SandboxEngine,
  scope: string,
  card: Pick<PaymentMethodModel, "behavior" | "decline_code" | "brand" | "last4" | "exp_month" | "exp_year">,
  customer: string | null,
  email: string | null,
): PaymentMethodModel {
  return engine.store.insert("payment_method", scope, { id: newId("pm"), created: engine.now(), customer, email, ...card });
}

/**
 * Charges a payment method for an invoice through its PaymentIntent (reused across
 * retries, as Stripe does), emitting the payment_intent.* and charge.* events.
 */
export function chargeForInvoice(
  engine: SandboxEngine,
  scope: string,
  input: {
    invoiceId: string | null;
    customer: string | null;
    amount: number;
    currency: string;
    paymentIntent: string | null;
    /** The buyer typed the card on the sandbox's hosted Checkout page (README "Known differences"). */
    hostedPage: boolean;
    description?: string;
  },
  pm: PaymentMethodModel,
): { ok: boolean; paymentIntent: PaymentIntentModel; charge: ChargeModel | null } {
  let pi = input.paymentIntent ? engine.store.get("payment_intent", input.paymentIntent) : undefined;
  if (!pi) {
    pi = engine.store.insert("payment_intent", scope, {
      id: newId("pi"),
      created: engine.now(),
      amount: input.amount,
      currency: input.currency,
      customer: input.customer,
      status: "requires_payment_method",
      payment_method: pm.id,
      latest_charge: null,
      last_payment_error: null,
      description: input.description ?? "Subscription update",
      invoice: input.invoiceId,
    });
    engine.emit(scope, "payment_intent.created", renderPaymentIntent(pi));
  }
  // A 3-D Secure card stops the PaymentIntent at requires_action, with no charge yet.
  if (pm.behavior === "requires_3ds") {
    pi.payment_method = pm.id;
    pi.status = "requires_action";
    engine.store.touch();
    engine.emit(scope, "payment_intent.requires_action", renderPaymentIntent(pi));
    return { ok: false, paymentIntent: pi, charge: null };
  }
  const passes = pm.behavior === "succeeds" || pm.behavior === "disputes" || (pm.behavior === "attach_fails_later" && input.hostedPage);
  const decline = passes ? null : (pm.decline_code ?? "generic_decline");
  const charge = engine.store.insert("charge", scope, {
    id: newId("ch"),
    created: engine.now(),
    amount: input.amount,
    currency: input.currency,
    customer: input.customer,
    payment_intent: pi.id,
    payment_method: pm.id,
    status: decline ? "failed" : "succeeded",
    failure_code: decline ? "card_declined" : null,
    failure_message: decline ? declineMessage(decline) : null,
    brand: pm.brand,
    last4: pm.last4,
    exp_month: pm.exp_month,
    exp_year: pm.exp_year,
    billing_email: pm.email,
    description: input.description ?? "Subscription update",
  });
  pi.latest_charge = charge.id;
  pi.payment_method = pm.id;
  if (decline) {
    pi.status = "requires_payment_method";
    pi.last_payment_error = { code: "card_declined", decline_code: decline, message: declineMessage(decline) };
    engine.emit(scope, "charge.failed", renderCharge(engine, charge));
    engine.emit(scope, "payment_intent.payment_failed", renderPaymentIntent(pi));
  } else {
    pi.status = "succeeded";
    pi.last_payment_error = null;
    engine.emit(scope, "charge.succeeded", renderCharge(engine, charge));
    engine.emit(scope, "payment_intent.succeeded", renderPaymentIntent(pi));
  }
  engine.store.touch();
  return { ok: !decline, paymentIntent: pi, charge };
}
