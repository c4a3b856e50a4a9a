import type { SandboxEngine } from "../engine";
import { invalidParam, missingResource, StripeApiError, invalidState } from "../http/errors";
import type { Params } from "../http/form";
import { applyMetadata, optBool, optInt, optNullableString, optObject, optString, rejectUnknown, reqString, stringArray } from "../http/params";
import type { ApiContext, Obj, Router } from "../http/router";
import { newId } from "../ids";
import type { PaymentIntentModel } from "./models-billing";
import { captureCharge, chargePaymentMethod, declineError, disputeIfTestCard } from "./charges";
import { DELAYED_TYPES, resolvePaymentMethod } from "./payment-methods";
import { applyExpand, listResponse } from "./render";
import { renderPaymentIntent } from "./render-payments";

// PaymentIntents: create → confirm → (requires_action | processing | requires_capture | succeeded),
// with the events Stripe sends at each step. A 3-D Secure card stops at requires_action; confirming
// it again stands in for the customer completing the challenge.

const CREATE = [
  "amount", "currency", "customer", "payment_method", "payment_method_types", "confirm", "capture_method", "description", "metadata",
  "off_session", "return_url", "setup_future_usage", "automatic_payment_methods", "statement_descriptor", "statement_descriptor_suffix",
  "receipt_email", "shipping", "transfer_data", "on_behalf_of", "application_fee_amount", "transfer_group", "error_on_requires_action",
  "mandate_data", "payment_method_options", "payment_method_data", "confirmation_method", "use_stripe_sdk", "expand",
];
const CONFIRM = ["payment_method", "off_session", "return_url", "setup_future_usage", "mandate_data", "payment_method_options", "payment_method_data", "receipt_email", "use_stripe_sdk", "error_on_requires_action", "capture_method", "shipping", "expand"];

function getIntent({ engine, scope }: ApiContext, id: string): PaymentIntentModel {
  const pi = engine.store.get("payment_intent", id, scope);
  if (!pi) throw missingResource("payment_intent", id, "intent");
  return pi;
}

// `payment_method_data[type]=us_bank_account` and friends: a delayed-notification method.
function paymentMethodFrom(engine: SandboxEngine, scope: string, params: Params): string | undefined {
  const id = optString(params, "payment_method");
  if (id) return resolvePaymentMethod(engine, scope, id).id;
  const data = optObject(params, "payment_method_data");
  if (!data) return undefined;
  const type = reqString(data, "type");
  // A bank transfer into the customer's cash balance waits for the transfer: requires_action.
  if (type === "customer_balance") {
    const pm = resolvePaymentMethod(engine, scope, "pm_card_authenticationRequired");
    Object.assign(pm, { type, brand: type, last4: "" });
    engine.store.touch();
    return pm.id;
  }
  if (!DELAYED_TYPES.includes(type)) throw invalidParam("payment_method_data[type]", `The sandbox cannot create a ${type} payment method from payment_method_data; pass payment_method.`);
  const pm = resolvePaymentMethod(engine, scope, "pm_card_visa");
  pm.type = type;
  pm.brand = type;
  engine.store.touch();
  return pm.id;
}

export function confirmIntent(engine: SandboxEngine, scope: string, pi: PaymentIntentModel, options: { offSession: boolean }): void {
  if (!["requires_payment_method", "requires_confirmation", "requires_action"].includes(pi.status)) {
    throw invalidState(`You cannot confirm this PaymentIntent because it has a status of ${pi.status}.`, "payment_intent_unexpected_state");
  }
  if (!pi.payment_method) {
    throw new StripeApiError(400, "invalid_request_error", "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with a test card, pass payment_method=pm_card_visa.", "payment_intent_unexpected_state");
  }
  const pm = resolvePaymentMethod(engine, scope, pi.payment_method);
  const authenticated = pi.status === "requires_action";
  if (pm.behavior === "requires_3ds" && !authenticated) {
    if (!options.offSession) {
      pi.status = "requires_action";
      engine.store.touch();
      engine.emit(scope, "payment_intent.requires_action", renderPaymentIntent(pi));
      return;
    }
  }
  const manual = pi.capture_method === "manual";
  const charge = chargePaymentMethod(engine, scope, {
    amount: pi.amount, currency: pi.currency, customer: pi.customer, paymentIntent: pi.id, capture: !manual, description: pi.description, metadata: pi.metadata,
  }, pm.behavior === "requires_3ds" && !authenticated ? { ...pm, behavior: "declines", decline_code: "authentication_required" } : pm);
  pi.latest_charge = charge.id;
  if (charge.status === "failed") {
    pi.status = "requires_payment_method";
    pi.last_payment_error = { code: "card_declined", decline_code: pm.decline_code ?? "generic_decline", message: charge.failure_message ?? "Your card was declined." };
    engine.store.touch();
    engine.emit(scope, "payment_intent.payment_failed", renderPaymentIntent(pi));
    throw declineError(engine, charge);
  }
  pi.last_payment_error = null;
  if (charge.status === "pending") {
    pi.status = "processing";
    engine.store.touch();
    engine.emit(scope, "payment_intent.processing", renderPaymentIntent(pi));
  } else if (manual) {
    pi.status = "requires_capture";
    engine.store.touch();
    engine.emit(scope, "payment_intent.amount_capturable_updated", renderPaymentIntent(pi));
  } else {
    pi.status = "succeeded";
    engine.store.touch();
    engine.emit(scope, "payment_intent.succeeded", renderPaymentIntent(pi));
    disputeIfTestCard(engine, scope, charge, pm);
  }
}

function createIntent(ctx: ApiContext): Obj {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, CREATE);
  const amount = optInt(params, "amount");
  if (amount === undefined) throw new StripeApiError(400, "invalid_request_error", "Missing required param: amount.", "parameter_missing", "amount");
  if (amount < 50) throw invalidParam("amount", "Amount must be at least $0.50 usd");
  const customer = optString(params, "customer") ?? null;
  if (customer && !engine.store.get("customer", customer, scope)) throw missingResource("customer", customer, "customer");
  const capture = optString(params, "capture_method") ?? "automatic";
  if (!["automatic", "automatic_async", "manual"].includes(capture)) throw invalidParam("capture_method", `Invalid capture_method: ${capture}`);
  const paymentMethod = paymentMethodFrom(engine, scope, params) ?? null;
  const transfer = optObject(params, "transfer_data");
  const pi = engine.store.insert("payment_intent", scope, {
    id: newId("pi"), created: engine.now(), amount, currency: reqString(params, "currency").toLowerCase(), customer,
    status: paymentMethod ? "requires_confirmation" : "requires_payment_method", payment_method: paymentMethod, latest_charge: null,
    last_payment_error: null, description: optString(params, "description") ?? null, invoice: null,
    capture_method: capture as PaymentIntentModel["capture_method"], metadata: applyMetadata({}, params),
    payment_method_types: stringArray(params, "payment_method_types") ?? [(paymentMethod && engine.store.get("payment_method", paymentMethod)?.type) || "card"], canceled_at: null, cancellation_reason: null,
    transfer_data: transfer ? { destination: reqString(transfer, "destination"), ...(optInt(transfer, "amount") !== undefined ? { amount: optInt(transfer, "amount") } : {}) } : null,
  });
  engine.emit(scope, "payment_intent.created", renderPaymentIntent(pi));
  if (optBool(params, "confirm")) confirmIntent(engine, scope, pi, { offSession: optBool(params, "off_session") ?? false });
  return applyExpand(engine, renderPaymentIntent(pi), params, scope);
}

export function registerPaymentIntents(router: Router): void {
  router
    .add("POST", "/v1/payment_intents", createIntent)
    .add("GET", "/v1/payment_intents", ({ engine, params, scope }) => {
      const customer = optString(params, "customer");
      const items = engine.store.list("payment_intent", scope).filter((p) => !customer || p.customer === customer);
      return listResponse(engine, items.map(renderPaymentIntent), params, "/v1/payment_intents", scope);
    })
    .add("GET", "/v1/payment_intents/:id", (ctx) => applyExpand(ctx.engine, renderPaymentIntent(getIntent(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope))
    .add("POST", "/v1/payment_intents/:id", (ctx) => {
      rejectUnknown(ctx.params, ["amount", "currency", "customer", "description", "metadata", "payment_method", "payment_method_types", "receipt_email", "setup_future_usage", "shipping", "statement_descriptor", "statement_descriptor_suffix", "transfer_group", "capture_method", "expand"]);
      const pi = getIntent(ctx, ctx.path.id ?? "");
      if (["succeeded", "canceled", "processing"].includes(pi.status)) throw invalidState(`This PaymentIntent's status is ${pi.status}; it cannot be updated.`, "payment_intent_unexpected_state");
      pi.amount = optInt(ctx.params, "amount") ?? pi.amount;
      const description = optNullableString(ctx.params, "description");
      if (description !== undefined) pi.description = description;
      pi.metadata = applyMetadata(pi.metadata ?? {}, ctx.params);
      const pm = paymentMethodFrom(ctx.engine, ctx.scope, ctx.params);
      if (pm) {
        pi.payment_method = pm;
        pi.status = "requires_confirmation";
      }
      ctx.engine.store.touch();
      return applyExpand(ctx.engine, renderPaymentIntent(pi), ctx.params, ctx.scope);
    })
    .add("POST", "/v1/payment_intents/:id/confirm", (ctx) => {
      rejectUnknown(ctx.params, CONFIRM);
      const pi = getIntent(ctx, ctx.path.id ?? "");
      const pm = paymentMethodFrom(ctx.engine, ctx.scope, ctx.params);
      if (pm) pi.payment_method = pm;
      confirmIntent(ctx.engine, ctx.scope, pi, { offSession: optBool(ctx.params, "off_session") ?? false });
      return applyExpand(ctx.engine, renderPaymentIntent(pi), ctx.params, ctx.scope);
    })
    .add("POST", "/v1/payment_intents/:id/capture", (ctx) => {
      rejectUnknown(ctx.params, ["amount_to_capture", "application_fee_amount", "final_capture", "metadata", "statement_descriptor", "statement_descriptor_suffix", "transfer_data", "expand"]);
      const pi = getIntent(ctx, ctx.path.id ?? "");
      const charge = pi.latest_charge ? ctx.engine.store.get("charge", pi.latest_charge, ctx.scope) : undefined;
      if (pi.status !== "requires_capture" || !charge) throw invalidState(`This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`, "payment_intent_unexpected_state");
      captureCharge(ctx.engine, ctx.scope, charge, optInt(ctx.params, "amount_to_capture"));
      return applyExpand(ctx.engine, renderPaymentIntent(pi), ctx.params, ctx.scope);
    })
    .add("POST", "/v1/payment_intents/:id/cancel", (ctx) => {
      rejectUnknown(ctx.params, ["cancellation_reason", "expand"]);
      const pi = getIntent(ctx, ctx.path.id ?? "");
      if (["succeeded", "canceled", "processing"].includes(pi.status)) throw invalidState(`You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action.`, "payment_intent_unexpected_state");
      pi.status = "canceled";
      pi.canceled_at = ctx.engine.now();
      pi.cancellation_reason = optString(ctx.params, "cancellation_reason") ?? "requested_by_customer";
      ctx.engine.store.touch();
      ctx.engine.emit(ctx.scope, "payment_intent.canceled", renderPaymentIntent(pi));
      return applyExpand(ctx.engine, renderPaymentIntent(pi), ctx.params, ctx.scope);
    });
}
