import type { SandboxEngine } from "../engine";
import { invalidParam, missingResource, StripeApiError } from "../http/errors";
import { applyMetadata, optInt, optObject, optString, rejectUnknown, reqString } from "../http/params";
import type { ApiContext, Obj, Router } from "../http/router";
import type { PaymentMethodModel } from "./models";
import { createPaymentMethod, inspectCard, testCardNumber } from "./payments";
import { applyExpand, listResponse } from "./render";
import { renderPaymentMethod } from "./render-payments";
import { getCustomer } from "./customers";

// Payment methods: cards (numbers, `pm_card_*` ids, `tok_*` tokens) and the delayed-notification
// bank methods, which settle through `processing` like real ACH / SEPA debits.

export const DELAYED_TYPES = ["us_bank_account", "sepa_debit", "acss_debit", "bacs_debit", "au_becs_debit"];

function fromCardNumber(engine: SandboxEngine, scope: string, number: string, customer: string | null): PaymentMethodModel {
  const card = inspectCard(number);
  if (!card.ok) throw new StripeApiError(402, "card_error", card.message, card.code, "card[number]");
  return createPaymentMethod(engine, scope, { behavior: card.behavior, decline_code: card.decline_code, brand: card.brand, last4: card.last4, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3 }, customer, null);
}

/** A stored payment method of the account, or a fresh one for a `pm_card_*` / `tok_*` test id. */
export function resolvePaymentMethod(engine: SandboxEngine, scope: string, id: string, param = "payment_method"): PaymentMethodModel {
  const number = testCardNumber(id);
  if (number) return fromCardNumber(engine, scope, number, null);
  const pm = engine.store.get("payment_method", id, scope);
  if (!pm) throw missingResource("PaymentMethod", id, param);
  return pm;
}

function getPm({ engine, scope }: ApiContext, id: string): PaymentMethodModel {
  const pm = engine.store.get("payment_method", id, scope);
  if (!pm) throw missingResource("PaymentMethod", id);
  return pm;
}

function createRoute(ctx: ApiContext): Obj {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, ["type", "card", "billing_details", "metadata", "customer", "payment_method", "expand", "us_bank_account", "sepa_debit", "allow_redisplay"]);
  const existing = optString(params, "payment_method");
  const type = optString(params, "type") ?? (existing ? "card" : reqString(params, "type"));
  let pm: PaymentMethodModel;
  if (existing) pm = resolvePaymentMethod(engine, scope, existing);
  else if (type === "card") {
    const card = optObject(params, "card") ?? {};
    const token = optString(card, "token");
    const number = token ? testCardNumber(token) : optString(card, "number");
    if (!number) throw invalidParam("card", token ? `No such token: '${token}'` : "Missing required param: card[number].");
    pm = fromCardNumber(engine, scope, number, null);
    pm.exp_month = optInt(card, "exp_month") ?? pm.exp_month;
    pm.exp_year = optInt(card, "exp_year") ?? pm.exp_year;
  } else if (DELAYED_TYPES.includes(type)) {
    pm = createPaymentMethod(engine, scope, { behavior: "succeeds", decline_code: null, brand: type, last4: "6789", exp_month: 0, exp_year: 0 }, null, null);
    pm.type = type;
  } else throw invalidParam("type", `Invalid type: ${type} is not supported by the sandbox`);
  const billing = optObject(params, "billing_details");
  pm.email = (billing && optString(billing, "email")) ?? pm.email;
  pm.metadata = applyMetadata(pm.metadata ?? {}, params);
  engine.store.touch();
  return applyExpand(engine, renderPaymentMethod(pm), params, scope);
}

/** Attaches a payment method to a customer (`payment_method.attached`), or declines like Stripe. */
export function attachPaymentMethod(engine: SandboxEngine, scope: string, pm: PaymentMethodModel, customer: string): PaymentMethodModel {
  if (pm.behavior === "attach_fails_later" || pm.behavior === "succeeds" || pm.behavior === "disputes" || pm.behavior === "requires_3ds") {
    pm.customer = customer;
    engine.store.touch();
    engine.emit(scope, "payment_method.attached", renderPaymentMethod(pm));
    return pm;
  }
  throw new StripeApiError(402, "card_error", "Your card was declined.", "card_declined", undefined, { decline_code: pm.decline_code ?? "generic_decline" });
}

function attach(ctx: ApiContext): Obj {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, ["customer", "expand"]);
  const customer = getCustomer({ engine, scope }, reqString(params, "customer"));
  const pm = attachPaymentMethod(engine, scope, resolvePaymentMethod(engine, scope, ctx.path.id ?? "", "payment_method"), customer.id);
  return applyExpand(engine, renderPaymentMethod(pm), params, scope);
}

export function registerPaymentMethods(router: Router): void {
  router
    .add("POST", "/v1/payment_methods", createRoute)
    .add("GET", "/v1/payment_methods", ({ engine, params, scope }) => {
      const customer = optString(params, "customer");
      const type = optString(params, "type");
      const items = engine.store.list("payment_method", scope).filter((p) => (!customer || p.customer === customer) && (!type || (p.type ?? "card") === type));
      return listResponse(engine, items.map(renderPaymentMethod), params, "/v1/payment_methods", scope);
    })
    .add("GET", "/v1/customers/:id/payment_methods", ({ engine, params, scope, path }) => {
      const items = engine.store.list("payment_method", scope).filter((p) => p.customer === path.id);
      return listResponse(engine, items.map(renderPaymentMethod), params, `/v1/customers/${path.id}/payment_methods`, scope);
    })
    .add("GET", "/v1/payment_methods/:id", (ctx) => applyExpand(ctx.engine, renderPaymentMethod(getPm(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope))
    .add("POST", "/v1/payment_methods/:id", (ctx) => {
      rejectUnknown(ctx.params, ["metadata", "billing_details", "card", "expand", "allow_redisplay"]);
      const pm = getPm(ctx, ctx.path.id ?? "");
      const before = renderPaymentMethod(pm);
      pm.metadata = applyMetadata(pm.metadata ?? {}, ctx.params);
      const billing = optObject(ctx.params, "billing_details");
      pm.email = (billing && optString(billing, "email")) ?? pm.email;
      ctx.engine.store.touch();
      ctx.engine.emit(ctx.scope, "payment_method.updated", renderPaymentMethod(pm), { metadata: before.metadata });
      return applyExpand(ctx.engine, renderPaymentMethod(pm), ctx.params, ctx.scope);
    })
    .add("POST", "/v1/payment_methods/:id/attach", attach)
    .add("POST", "/v1/payment_methods/:id/detach", (ctx) => {
      rejectUnknown(ctx.params, ["expand"]);
      const pm = getPm(ctx, ctx.path.id ?? "");
      if (!pm.customer) throw new StripeApiError(400, "invalid_request_error", "The payment method you provided is not attached to a customer so detachment is impossible.", "payment_method_unexpected_state");
      const previous = pm.customer;
      pm.customer = null;
      ctx.engine.store.touch();
      ctx.engine.emit(ctx.scope, "payment_method.detached", renderPaymentMethod(pm), { customer: previous });
      return applyExpand(ctx.engine, renderPaymentMethod(pm), ctx.params, ctx.scope);
    });
}
