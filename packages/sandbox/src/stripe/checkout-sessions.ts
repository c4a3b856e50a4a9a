import { StripeApiError, invalidParam, missingParam, missingResource } from "../http/errors";
import type { Params } from "../http/form";
import { applyMetadata, asParams, optBool, optInt, optObject, optString, rejectUnknown, reqString, stringArray } from "../http/params";
import type { ApiContext, Obj, Router } from "../http/router";
import { newId } from "../ids";
import type { CheckoutSessionModel, LineItemInput } from "./models-billing";
import { applyExpand, listResponse } from "./render";
import { renderCheckoutSession } from "./render-checkout";
import { renderPrice } from "./render-core";

const DEFAULT_TTL = 24 * 3600;
const MIN_TTL = 30 * 60;

const SESSION_PARAMS = [
  "mode", "line_items", "success_url", "cancel_url", "client_reference_id", "customer", "customer_email",
  "metadata", "subscription_data", "automatic_tax", "tax_id_collection", "expires_at", "locale", "ui_mode",
  "payment_method_types", "allow_promotion_codes", "billing_address_collection", "payment_method_collection",
  "customer_update", "expand", "customer_creation", "currency",
];
const MODES = ["subscription", "payment", "setup"] as const;
type Mode = (typeof MODES)[number];

function parseLineItems(ctx: ApiContext, mode: Mode): { items: LineItemInput[]; currency: string; subtotal: number } {
  const raw = ctx.params.line_items;
  if (!Array.isArray(raw) || raw.length === 0) throw missingParam("line_items");
  let currency = "";
  let subtotal = 0;
  const items = raw.map((entry, i) => {
    const item = asParams(entry, `line_items[${i}]`);
    rejectUnknown(item, ["price", "quantity", "adjustable_quantity", "tax_rates"], `line_items[${i}]`);
    const priceId = reqString(item, "price");
    const price = ctx.engine.store.get("price", priceId, ctx.scope);
    if (!price) throw missingResource("price", priceId, `line_items[${i}][price]`);
    if (!price.active) throw invalidParam(`line_items[${i}][price]`, `The price specified is inactive.`);
    if (mode === "subscription" && !price.recurring) {
      throw invalidParam(`line_items[${i}][price]`, "The sandbox supports recurring prices only in subscription mode.");
    }
    if (mode === "payment" && price.recurring) {
      throw invalidParam(
        `line_items[${i}][price]`,
        "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.",
      );
    }
    if (currency && currency !== price.currency) throw invalidParam("line_items", "All line items must use the same currency.");
    currency = price.currency;
    const quantity = optInt(item, "quantity") ?? 1;
    if (quantity < 1) throw invalidParam(`line_items[${i}][quantity]`, "Quantity must be at least 1.");
    subtotal += price.unit_amount * quantity;
    return { price: price.id, quantity };
  });
  return { items, currency, subtotal };
}

function createSession(ctx: ApiContext): Obj {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, SESSION_PARAMS);
  const mode = reqString(params, "mode") as Mode;
  if (!MODES.includes(mode)) throw invalidParam("mode", "Invalid mode: must be one of payment, setup or subscription");
  let { items, currency, subtotal } = { items: [] as LineItemInput[], currency: "", subtotal: 0 };
  if (mode === "setup") {
    if (params.line_items !== undefined) throw invalidParam("line_items", "You cannot pass `line_items` in `setup` mode.");
    currency = optString(params, "currency") ?? "";
    if (!currency) throw missingParam("currency");
  } else {
    ({ items, currency, subtotal } = parseLineItems(ctx, mode));
  }
  const customerCreation = optString(params, "customer_creation");
  if (customerCreation !== undefined && customerCreation !== "always" && customerCreation !== "if_required") {
    throw invalidParam("customer_creation", "Invalid customer_creation: must be one of always or if_required");
  }
  if (customerCreation && mode === "subscription") {
    throw invalidParam("customer_creation", "`customer_creation` can only be used in `payment` and `setup` mode.");
  }
  const subscriptionData = optObject(params, "subscription_data") ?? {};
  rejectUnknown(subscriptionData, ["metadata", "trial_period_days", "description", "application_fee_percent"], "subscription_data");
  const trialDays = optInt(subscriptionData, "trial_period_days") ?? null;
  if (trialDays !== null && trialDays < 1) throw invalidParam("subscription_data[trial_period_days]", "Trial period must be at least 1 day.");
  const customerId = optString(params, "customer");
  if (customerId && !engine.store.get("customer", customerId, scope)) throw missingResource("customer", customerId, "customer");
  const customerEmail = optString(params, "customer_email");
  if (customerId && customerEmail) {
    throw new StripeApiError(400, "invalid_request_error", "You may only specify one of these parameters: customer, customer_email.", "parameters_exclusive", "customer_email");
  }
  const now = engine.now();
  const expiresAt = optInt(params, "expires_at") ?? now + DEFAULT_TTL;
  if (expiresAt < now + MIN_TTL || expiresAt > now + DEFAULT_TTL) {
    throw invalidParam("expires_at", "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.");
  }
  const flag = (key: string): boolean => {
    const section: Params = optObject(params, key) ?? {};
    return optBool(section, "enabled") ?? false;
  };
  const session: CheckoutSessionModel = engine.store.insert("checkout.session", scope, {
    id: newId("cs"),
    created: now,
    expires_at: expiresAt,
    status: "open",
    payment_status: "unpaid",
    mode,
    success_url: optString(params, "success_url") ?? null,
    cancel_url: optString(params, "cancel_url") ?? null,
    client_reference_id: optString(params, "client_reference_id") ?? null,
    metadata: applyMetadata({}, params),
    customer: customerId ?? null,
    customer_email: customerEmail ?? null,
    line_items: items,
    subscription_metadata: applyMetadata({}, subscriptionData),
    trial_period_days: trialDays,
    automatic_tax: flag("automatic_tax"),
    tax_id_collection: flag("tax_id_collection"),
    currency,
    amount_subtotal: trialDays ? 0 : subtotal,
    amount_tax: 0,
    amount_total: trialDays ? 0 : subtotal,
    customer_details: null,
    subscription: null,
    invoice: null,
    locale: optString(params, "locale") ?? null,
    last_error: null,
    ...(customerCreation ? { customer_creation: customerCreation } : {}),
  });
  return present(ctx, session);
}

// `line_items` is an includable property: only there when expanded.
function present(ctx: ApiContext, session: CheckoutSessionModel): Obj {
  const rendered = renderCheckoutSession(ctx.engine, session);
  const expand = stringArray(ctx.params, "expand") ?? [];
  if (expand.includes("line_items")) {
    const url = `/v1/checkout/sessions/${session.id}/line_items`;
    rendered.line_items = { object: "list", data: lineItems(ctx, session), has_more: false, url };
  }
  const rest = expand.filter((path) => path !== "line_items");
  return applyExpand(ctx.engine, rendered, { ...ctx.params, expand: rest }, ctx.scope);
}

function getSession({ engine, scope }: ApiContext, id: string): CheckoutSessionModel {
  const session = engine.store.get("checkout.session", id, scope);
  if (!session) throw missingResource("checkout.session", id, "session");
  return session;
}

export function registerCheckoutSessions(router: Router): void {
  router
    .add("POST", "/v1/checkout/sessions", createSession)
    .add("GET", "/v1/checkout/sessions", ({ engine, params, scope }) => {
      const status = optString(params, "status");
      const customer = optString(params, "customer");
      const subscription = optString(params, "subscription");
      const items = engine.store.list("checkout.session", scope).filter(
        (s) => (!status || s.status === status) && (!customer || s.customer === customer) && (!subscription || s.subscription === subscription),
      );
      return listResponse(engine, items.map((s) => renderCheckoutSession(engine, s)), params, "/v1/checkout/sessions", scope);
    })
    .add("GET", "/v1/checkout/sessions/:id", (ctx) => present(ctx, getSession(ctx, ctx.path.id ?? "")))
    .add("POST", "/v1/checkout/sessions/:id/expire", (ctx) => {
      const session = getSession(ctx, ctx.path.id ?? "");
      if (session.status !== "open") {
        throw new StripeApiError(400, "invalid_request_error", `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`);
      }
      session.status = "expired";
      ctx.engine.store.touch();
      ctx.engine.emit(ctx.scope, "checkout.session.expired", renderCheckoutSession(ctx.engine, session));
      return present(ctx, session);
    })
    .add("GET", "/v1/checkout/sessions/:id/line_items", (ctx) => {
      const session = getSession(ctx, ctx.path.id ?? "");
      const url = `/v1/checkout/sessions/${session.id}/line_items`;
      return listResponse(ctx.engine, lineItems(ctx, session), ctx.params, url, ctx.scope);
    });
}

function lineItems(ctx: ApiContext, session: CheckoutSessionModel): Obj[] {
  return session.line_items.map((item, i) => {
    const price = ctx.engine.store.get("price", item.price);
    const amount = (price?.unit_amount ?? 0) * item.quantity;
    return {
      id: `li_${session.id.slice(8, 30)}${i}`,
      object: "item",
      adjustable_quantity: null,
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: session.currency,
      description: price ? (ctx.engine.store.get("product", price.product)?.name ?? null) : null,
      metadata: {},
      price: price ? renderPrice(price) : item.price,
      quantity: item.quantity,
    };
  });
}
