import { previousAttributes, type SandboxEngine } from "../engine";
import { missingResource, StripeApiError } from "../http/errors";
import { applyMetadata, optBool, optInt, optNullableString, optString, rejectUnknown, reqString } from "../http/params";
import type { ApiContext, Obj, Router } from "../http/router";
import { newId } from "../ids";
import type { PaymentMethodModel } from "./models";
import type { ChargeModel } from "./models-billing";
import { DELAYED_TYPES, resolvePaymentMethod } from "./payment-methods";
import { declineMessage } from "./payments";
import { applyExpand } from "./render";
import { renderCharge, renderDispute, renderPaymentIntent } from "./render-payments";

// Charges as the payments API makes them, in Stripe's event order: a bank debit is `pending`,
// a declined card `failed`, anything else `succeeded` (captured or only authorized), and the
// dispute test card is disputed right after it succeeds.

export interface ChargeInput {
  amount: number;
  currency: string;
  customer: string | null;
  /** "" for a charge made directly with `POST /v1/charges`. */
  paymentIntent: string;
  capture: boolean;
  description: string | null;
  metadata?: Record<string, string>;
}

export function chargePaymentMethod(engine: SandboxEngine, scope: string, input: ChargeInput, pm: PaymentMethodModel): ChargeModel {
  const type = pm.type ?? "card";
  // 0341 (attach_fails_later) attaches, then every charge of it fails.
  const declined = pm.behavior === "declines" || pm.behavior === "attach_fails_later";
  const decline = declined ? (pm.decline_code ?? "generic_decline") : null;
  const charge = engine.store.insert("charge", scope, {
    id: newId("ch"), created: engine.now(), amount: input.amount, currency: input.currency, customer: input.customer,
    payment_intent: input.paymentIntent, payment_method: pm.id,
    status: decline ? "failed" : DELAYED_TYPES.includes(type) ? "pending" : "succeeded",
    failure_code: decline ? "card_declined" : null, failure_message: decline ? declineMessage(decline) : null,
    brand: pm.brand, last4: pm.last4, exp_month: pm.exp_month, exp_year: pm.exp_year, billing_email: pm.email,
    description: input.description, captured: input.capture, amount_refunded: 0, dispute: null,
    metadata: input.metadata ?? {}, payment_method_type: type,
  });
  if (charge.status === "failed") engine.emit(scope, "charge.failed", renderCharge(engine, charge));
  else if (charge.status === "pending") engine.emit(scope, "charge.pending", renderCharge(engine, charge));
  else engine.emit(scope, "charge.succeeded", renderCharge(engine, charge));
  return charge;
}

/** The dispute test card's charge is disputed once its payment has settled. */
export function disputeIfTestCard(engine: SandboxEngine, scope: string, charge: ChargeModel, pm: PaymentMethodModel): void {
  if (pm.behavior !== "disputes" || charge.status !== "succeeded" || charge.dispute) return;
  const dispute = engine.store.insert("dispute", scope, {
    id: newId("dp"), created: engine.now(), amount: charge.amount, currency: charge.currency, charge: charge.id,
    payment_intent: charge.payment_intent || null, reason: "fraudulent", status: "needs_response", evidence: {}, metadata: {},
  });
  charge.dispute = dispute.id;
  engine.store.touch();
  engine.emit(scope, "charge.dispute.created", renderDispute(dispute));
  engine.emit(scope, "charge.dispute.funds_withdrawn", renderDispute(dispute));
}

/** The card error Stripe answers with (HTTP 402) once a failed charge's events are out. */
export function declineError(engine: SandboxEngine, charge: ChargeModel): StripeApiError {
  const pi = charge.payment_intent ? engine.store.get("payment_intent", charge.payment_intent) : undefined;
  const decline = charge.failure_message ?? "Your card was declined.";
  const code = Object.entries({ "Your card has insufficient funds.": "insufficient_funds" }).find(([m]) => m === decline)?.[1];
  return new StripeApiError(402, "card_error", decline, "card_declined", undefined, {
    charge: charge.id, decline_code: code ?? "generic_decline", ...(pi ? { payment_intent: renderPaymentIntent(pi) } : {}),
  });
}

export function getCharge({ engine, scope }: ApiContext, id: string, param = "id"): ChargeModel {
  const charge = engine.store.get("charge", id, scope);
  if (!charge) throw missingResource("charge", id, param);
  return charge;
}

/** Captures an authorized charge and, with it, its PaymentIntent. */
export function captureCharge(engine: SandboxEngine, scope: string, charge: ChargeModel, amount?: number): void {
  if (charge.status !== "succeeded" || charge.captured !== false) {
    throw new StripeApiError(400, "invalid_request_error", `Charge ${charge.id} has already been captured.`, "charge_already_captured");
  }
  charge.captured = true;
  charge.amount_captured = amount ?? charge.amount;
  if (amount !== undefined && amount < charge.amount) charge.amount_refunded = charge.amount - amount;
  engine.store.touch();
  engine.emit(scope, "charge.captured", renderCharge(engine, charge));
  const pi = charge.payment_intent ? engine.store.get("payment_intent", charge.payment_intent) : undefined;
  if (pi) {
    pi.status = "succeeded";
    pi.amount_received = charge.amount_captured;
    engine.store.touch();
    engine.emit(scope, "payment_intent.succeeded", renderPaymentIntent(pi));
  }
}

const CHARGE_CREATE = ["amount", "currency", "source", "customer", "capture", "description", "metadata", "receipt_email", "statement_descriptor", "statement_descriptor_suffix", "transfer_data", "on_behalf_of", "application_fee_amount", "transfer_group", "shipping", "expand"];

function createCharge(ctx: ApiContext): Obj {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, CHARGE_CREATE);
  const customerId = optString(params, "customer") ?? null;
  const customer = customerId ? engine.store.get("customer", customerId, scope) : undefined;
  if (customerId && !customer) throw missingResource("customer", customerId, "customer");
  const source = optString(params, "source") ?? customer?.default_payment_method ?? engine.store.list("payment_method", scope).find((p) => p.customer === customerId)?.id;
  if (!source) throw new StripeApiError(400, "invalid_request_error", "Must provide source or customer.", "missing");
  const pm = resolvePaymentMethod(engine, scope, source, "source");
  const charge = chargePaymentMethod(engine, scope, {
    amount: optInt(params, "amount") ?? 0, currency: reqString(params, "currency").toLowerCase(), customer: customerId, paymentIntent: "",
    capture: optBool(params, "capture") ?? true, description: optString(params, "description") ?? null, metadata: applyMetadata({}, params),
  }, pm);
  if (charge.status === "failed") throw declineError(engine, charge);
  disputeIfTestCard(engine, scope, charge, pm);
  return applyExpand(engine, renderCharge(engine, charge), params, scope);
}

export function registerCharges(router: Router): void {
  router
    .add("POST", "/v1/charges", createCharge)
    .add("POST", "/v1/charges/:id", (ctx) => {
      rejectUnknown(ctx.params, ["description", "metadata", "receipt_email", "shipping", "fraud_details", "transfer_group", "customer", "expand"]);
      const charge = getCharge(ctx, ctx.path.id ?? "");
      const before = renderCharge(ctx.engine, charge);
      const description = optNullableString(ctx.params, "description");
      if (description !== undefined) charge.description = description;
      charge.metadata = applyMetadata(charge.metadata ?? {}, ctx.params);
      ctx.engine.store.touch();
      const after = renderCharge(ctx.engine, charge);
      const previous = previousAttributes(before, after);
      if (previous) ctx.engine.emit(ctx.scope, "charge.updated", after, previous);
      return applyExpand(ctx.engine, after, ctx.params, ctx.scope);
    })
    .add("POST", "/v1/charges/:id/capture", (ctx) => {
      rejectUnknown(ctx.params, ["amount", "application_fee_amount", "receipt_email", "statement_descriptor", "statement_descriptor_suffix", "transfer_data", "transfer_group", "expand"]);
      const charge = getCharge(ctx, ctx.path.id ?? "");
      captureCharge(ctx.engine, ctx.scope, charge, optInt(ctx.params, "amount"));
      return applyExpand(ctx.engine, renderCharge(ctx.engine, charge), ctx.params, ctx.scope);
    });
}
