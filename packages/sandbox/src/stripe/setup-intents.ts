import { invalidParam, invalidState, missingResource, StripeApiError } from "../http/errors";
import { applyMetadata, optBool, optObject, optString, rejectUnknown, stringArray } from "../http/params";
import type { ApiContext, Obj, Router } from "../http/router";
import { newId, randomToken } from "../ids";
import { getCustomer } from "./customers";
import "./models-extra";
import type { SetupIntentModel } from "./models-extra";
import { attachPaymentMethod, resolvePaymentMethod } from "./payment-methods";
import { declineMessage } from "./payments";
import { applyExpand, listResponse } from "./render";

// SetupIntents: save a card for later. Confirming runs the test card's behavior: it succeeds
// (attaching the card to the customer), asks for 3-D Secure (`requires_action`), or fails
// (`setup_failed`, back to `requires_payment_method`), each with Stripe's event.

const CANCELABLE = ["requires_payment_method", "requires_confirmation", "requires_action"];
const REASONS = ["abandoned", "requested_by_customer", "duplicate"];

export function renderSetupIntent(s: SetupIntentModel): Obj {
  return {
    id: s.id,
    object: "setup_intent",
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: s.cancellation_reason,
    client_secret: s.client_secret,
    created: s.created,
    customer: s.customer,
    description: s.description,
    excluded_payment_method_types: null,
    last_setup_error: s.last_setup_error && { ...s.last_setup_error, doc_url: `https://stripe.com/docs/error-codes/${s.last_setup_error.code}` },
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: s.metadata,
    next_action: s.status === "requires_action" ? { type: "use_stripe_sdk", use_stripe_sdk: {} } : null,
    on_behalf_of: null,
    payment_method: s.payment_method,
    payment_method_configuration_details: null,
    payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: "automatic" } },
    payment_method_types: s.payment_method_types,
    single_use_mandate: null,
    status: s.status,
    usage: s.usage,
  };
}

function getSetupIntent({ engine, scope }: ApiContext, id: string): SetupIntentModel {
  const si = engine.store.get("setup_intent", id, scope);
  if (!si) throw missingResource("setup_intent", id, "intent");
  return si;
}

function confirm(ctx: ApiContext, si: SetupIntentModel): void {
  const { engine, scope } = ctx;
  if (!si.payment_method) throw invalidState("You cannot confirm this SetupIntent because it's missing a payment method.", "setup_intent_unexpected_state");
  const pm = engine.store.get("payment_method", si.payment_method, scope);
  if (!pm) throw missingResource("payment_method", si.payment_method, "payment_method");
  if (pm.behavior === "declines") {
    const code = pm.decline_code ?? "generic_decline";
    si.last_setup_error = { code: "card_declined", decline_code: code, message: declineMessage(code), type: "card_error" };
    si.status = "requires_payment_method";
    engine.store.touch();
    engine.emit(scope, "setup_intent.setup_failed", renderSetupIntent(si));
    throw new StripeApiError(402, "card_error", declineMessage(code), "card_declined", undefined, { decline_code: code, setup_intent: renderSetupIntent(si) });
  }
  if (pm.behavior === "requires_3ds") {
    si.status = "requires_action";
    engine.store.touch();
    engine.emit(scope, "setup_intent.requires_action", renderSetupIntent(si));
    return;
  }
  if (si.customer && pm.customer !== si.customer) attachPaymentMethod(engine, scope, pm, si.customer);
  si.status = "succeeded";
  si.last_setup_error = null;
  engine.store.touch();
  engine.emit(scope, "setup_intent.succeeded", renderSetupIntent(si));
}

function choosePaymentMethod(ctx: ApiContext, si: SetupIntentModel): void {
  const id = optString(ctx.params, "payment_method");
  if (id) si.payment_method = resolvePaymentMethod(ctx.engine, ctx.scope, id).id;
}

function createSetupIntent(ctx: ApiContext): Obj {
  const { engine, params, scope } = ctx;
  // `payment_method_types` is the pre-2026 name of `allowed_payment_method_types`, still taken
  // here as on payment intents (the CLI's fixtures send it; see "Known differences").
  rejectUnknown(params, ["confirm", "customer", "description", "payment_method", "payment_method_types", "allowed_payment_method_types", "usage", "metadata", "return_url", "automatic_payment_methods", "expand"]);
  const usage = optString(params, "usage") ?? "off_session";
  if (usage !== "off_session" && usage !== "on_session") throw invalidParam("usage", "Invalid usage: must be one of off_session or on_session");
  const customer = optString(params, "customer");
  if (customer) getCustomer(ctx, customer);
  const auto = optObject(params, "automatic_payment_methods");
  if (auto) rejectUnknown(auto, ["enabled", "allow_redirects"], "automatic_payment_methods");
  const id = newId("seti");
  const si = engine.store.insert("setup_intent", scope, {
    id,
    created: engine.now(),
    customer: customer ?? null,
    description: optString(params, "description") ?? null,
    payment_method: null,
    payment_method_types: stringArray(params, "allowed_payment_method_types") ?? stringArray(params, "payment_method_types") ?? ["card"],
    status: "requires_payment_method",
    usage,
    cancellation_reason: null,
    last_setup_error: null,
    client_secret: `${id}_secret_${randomToken(24)}`,
    metadata: applyMetadata({}, params),
  });
  choosePaymentMethod(ctx, si);
  if (si.payment_method) si.status = "requires_confirmation";
  engine.emit(scope, "setup_intent.created", renderSetupIntent(si));
  if (optBool(params, "confirm")) confirm(ctx, si);
  return applyExpand(engine, renderSetupIntent(si), params, scope);
}

export function registerSetupIntents(router: Router): void {
  router
    .add("POST", "/v1/setup_intents", createSetupIntent)
    .add("GET", "/v1/setup_intents", ({ engine, params, scope }) => {
      const customer = optString(params, "customer");
      const items = engine.store.list("setup_intent", scope).filter((s) => !customer || s.customer === customer);
      return listResponse(engine, items.map(renderSetupIntent), params, "/v1/setup_intents", scope);
    })
    .add("GET", "/v1/setup_intents/:id", (ctx) => applyExpand(ctx.engine, renderSetupIntent(getSetupIntent(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope))
    .add("POST", "/v1/setup_intents/:id", (ctx) => {
      rejectUnknown(ctx.params, ["description", "metadata", "payment_method", "customer", "expand"]);
      const si = getSetupIntent(ctx, ctx.path.id ?? "");
      si.description = optString(ctx.params, "description") ?? si.description;
      si.metadata = applyMetadata(si.metadata, ctx.params);
      choosePaymentMethod(ctx, si);
      ctx.engine.store.touch();
      // Stripe has no setup_intent.updated event: an update is silent.
      return applyExpand(ctx.engine, renderSetupIntent(si), ctx.params, ctx.scope);
    })
    .add("POST", "/v1/setup_intents/:id/confirm", (ctx) => {
      rejectUnknown(ctx.params, ["payment_method", "return_url", "expand"]);
      const si = getSetupIntent(ctx, ctx.path.id ?? "");
      if (!["requires_payment_method", "requires_confirmation"].includes(si.status)) {
        throw invalidState(`You cannot confirm this SetupIntent because it has a status of ${si.status}.`, "setup_intent_unexpected_state");
      }
      choosePaymentMethod(ctx, si);
      confirm(ctx, si);
      return applyExpand(ctx.engine, renderSetupIntent(si), ctx.params, ctx.scope);
    })
    .add("POST", "/v1/setup_intents/:id/cancel", (ctx) => {
      rejectUnknown(ctx.params, ["cancellation_reason", "expand"]);
      const si = getSetupIntent(ctx, ctx.path.id ?? "");
      if (!CANCELABLE.includes(si.status)) {
        throw invalidState(`You cannot cancel this SetupIntent because it has a status of ${si.status}.`, "setup_intent_unexpected_state");
      }
      const reason = optString(ctx.params, "cancellation_reason") ?? null;
      if (reason && !REASONS.includes(reason)) throw invalidParam("cancellation_reason", `Invalid cancellation_reason: must be one of ${REASONS.join(", ")}`);
      si.status = "canceled";
      si.cancellation_reason = reason;
      ctx.engine.store.touch();
      ctx.engine.emit(ctx.scope, "setup_intent.canceled", renderSetupIntent(si));
      return applyExpand(ctx.engine, renderSetupIntent(si), ctx.params, ctx.scope);
    });
}

