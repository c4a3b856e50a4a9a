import { conektaId, uuid } from "../ids";
import type { ConektaContext, ConektaRouter } from "./api";
import { chargeOrder, insertOrder, type ChargeSource } from "./billing";
import { DECLINE_MESSAGES } from "./cards";
import { declined, invalidParam, notFound } from "./errors";
import { emitEvent } from "./events";
import { listResponse } from "./list";
import { getCustomer, getPlan } from "./lookup";
import type { CheckoutModel, CustomerInfoModel, LineItemModel } from "./models-orders";
import { asBody, checkUrl, optBool, optInt, optObject, optString, optStringArray, reqInt, reqString, type Body } from "./params";
import { renderOrder } from "./render-orders";
import { spendToken } from "./tokens";

type Obj = Record<string, unknown>;

const MIN_TTL = 5 * 60;
const MAX_TTL = 365 * 86_400;
const DEFAULT_TTL = 24 * 3600;

function parseCustomerInfo(ctx: ConektaContext): CustomerInfoModel {
  const info = optObject(ctx.body, "customer_info");
  if (!info) throw invalidParam("customer_info", "The parameter customer_info is required.", "missing");
  const customerId = optString(info, "customer_id", "customer_info.customer_id");
  if (customerId) {
    const customer = getCustomer(ctx, customerId);
    return { customer_id: customer.id, name: customer.name, email: customer.email, phone: customer.phone, corporate: customer.corporate };
  }
  return {
    customer_id: null,
    name: reqString(info, "name", "customer_info.name"),
    email: reqString(info, "email", "customer_info.email"),
    phone: reqString(info, "phone", "customer_info.phone"),
    corporate: optBool(info, "corporate", "customer_info.corporate") ?? false,
  };
}

function parseLineItems(body: Body): LineItemModel[] {
  const raw = body.line_items;
  if (!Array.isArray(raw) || raw.length === 0) throw invalidParam("line_items", "The parameter line_items is required.", "missing");
  return raw.map((entry, i) => {
    const item = asBody(entry, `line_items.${i}`);
    const unitPrice = reqInt(item, "unit_price", `line_items.${i}.unit_price`);
    const quantity = reqInt(item, "quantity", `line_items.${i}.quantity`);
    if (unitPrice < 1 || quantity < 1) throw invalidParam(`line_items.${i}`, "unit_price and quantity must be at least 1.");
    return {
      id: conektaId("line_item"),
      name: reqString(item, "name", `line_items.${i}.name`),
      unit_price: unitPrice,
      quantity,
      sku: optString(item, "sku", `line_items.${i}.sku`) ?? null,
      description: optString(item, "description", `line_items.${i}.description`) ?? null,
      metadata: optObject(item, "metadata", `line_items.${i}.metadata`) ?? {},
    };
  });
}

// `checkout`: a hosted (or Integration) payment page; with plan_ids it subscribes the buyer.
function parseCheckout(ctx: ConektaContext, raw: Body): Omit<CheckoutModel, "id" | "created_at" | "order_id" | "name"> {
  const type = reqString(raw, "type", "checkout.type");
  if (type !== "HostedPayment" && type !== "Integration") throw invalidParam("checkout.type", "The checkout type must be HostedPayment or Integration.");
  const planIds = optStringArray(raw, "plan_ids", "checkout.plan_ids") ?? [];
  for (const id of planIds) getPlan(ctx, id);
  const methods = optStringArray(raw, "allowed_payment_methods", "checkout.allowed_payment_methods") ?? ["card"];
  if (methods.length === 0 || methods.some((m) => m !== "card")) {
    throw invalidParam("checkout.allowed_payment_methods", planIds.length > 0 ? "Subscriptions allow only 'card'." : "The sandbox takes cards only.");
  }
  const now = ctx.engine.now();
  const expiresAt = optInt(raw, "expires_at", "checkout.expires_at") ?? now + DEFAULT_TTL;
  if (expiresAt < now + MIN_TTL || expiresAt > now + MAX_TTL) {
    throw invalidParam("checkout.expires_at", "expires_at must be between 5 minutes and 365 days from now.");
  }
  const url = (key: string) => {
    const value = optString(raw, key, `checkout.${key}`);
    return value ? checkUrl(value, `checkout.${key}`) : null;
  };
  return {
    type,
    allowed_payment_methods: methods,
    plan_ids: planIds,
    success_url: url("success_url"),
    failure_url: url("failure_url"),
    expires_at: expiresAt,
    status: "Issued",
    paid_payments_count: 0,
    redirection_time: optInt(raw, "redirection_time", "checkout.redirection_time") ?? null,
    max_failed_retries: optInt(raw, "max_failed_retries", "checkout.max_failed_retries") ?? null,
    metadata: optObject(raw, "metadata", "checkout.metadata") ?? {},
  };
}

// `charges: [{ payment_method: { type: "card", token_id | payment_source_id } | { type: "default" } }]`
function parseCharge(ctx: ConektaContext, info: CustomerInfoModel): ChargeSource | null {
  const raw = ctx.body.charges;
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw) || raw.length !== 1) throw invalidParam("charges", "The sandbox takes exactly one charge per order.");
  const method = optObject(asBody(raw[0], "charges.0"), "payment_method", "charges.0.payment_method");
  const type = method && reqString(method, "type", "charges.0.payment_method.type");
  if (!method || (type !== "card" && type !== "default")) throw invalidParam("charges.0.payment_method.type", "The sandbox takes card payments only.");
  const token = optString(method, "token_id", "charges.0.payment_method.token_id");
  if (type === "card" && token) {
    const card = spendToken(ctx.engine, ctx.account.id, token);
    return { card: { ...card, name: card.name ?? info.name ?? "" }, paymentSourceId: null };
  }
  const customer = info.customer_id ? ctx.engine.conekta.get("customer", info.customer_id, ctx.account.id) : undefined;
  const sourceId = optString(method, "payment_source_id", "charges.0.payment_method.payment_source_id") ?? customer?.default_payment_source_id;
  const card = sourceId ? ctx.engine.conekta.get("payment_source", sourceId, ctx.account.id) : undefined;
  if (!card || card.customer_id !== customer?.id) throw invalidParam("charges.0.payment_method", "Give a token_id, or a payment_source_id of the order's customer.");
  return { card, paymentSourceId: card.id };
}

// POST /orders — a plain order, an order paid now with a card, or an order with a hosted checkout
function createOrder(ctx: ConektaContext): Obj {
  const { engine, account, body } = ctx;
  for (const key of ["tax_lines", "discount_lines", "shipping_lines"]) {
    if (Array.isArray(body[key]) && (body[key] as unknown[]).length > 0) throw invalidParam(key, `The sandbox does not model ${key}.`, "unsupported");
  }
  const currency = reqString(body, "currency").toUpperCase();
  if (currency !== "MXN" && currency !== "USD") throw invalidParam("currency", "The currency must be MXN or USD.");
  const info = parseCustomerInfo(ctx);
  const lineItems = parseLineItems(body);
  const checkoutBody = optObject(body, "checkout");
  const checkout = checkoutBody ? parseCheckout(ctx, checkoutBody) : null;
  if (checkout && body.charges !== undefined && body.charges !== null) throw invalidParam("charges", "An order takes either charges or a checkout.");
  // Last, as it spends the charge's token.
  const charge = parseCharge(ctx, info);
  // The checkout exists before `order.created`, so that event already carries it.
  const orderId = conektaId("ord");
  const checkoutId = checkout ? uuid() : null;
  if (checkout && checkoutId) {
    engine.conekta.insert("checkout", account.id, { ...checkout, id: checkoutId, created_at: engine.now(), order_id: orderId, name: `ord-${orderId.slice(4)}` });
  }
  const order = insertOrder(engine, account.id, {
    currency,
    customer_info: info,
    line_items: lineItems,
    metadata: optObject(body, "metadata") ?? {},
    payment_status: checkout || charge ? "pending_payment" : null,
    checkout_id: checkoutId,
    processing_mode: "ecommerce",
  }, orderId);
  if (checkout) emitEvent(engine, account.id, "order.pending_payment", renderOrder(engine, account.id, order));
  if (charge) {
    const { failure_code: decline } = chargeOrder(engine, account.id, order, charge, false);
    // Conekta answers a declined card with 402; the declined order and its events remain.
    if (decline) throw declined(DECLINE_MESSAGES[decline], decline === "card_declined" ? "declined" : decline);
  }
  return renderOrder(engine, account.id, order);
}

export function registerOrders(router: ConektaRouter): void {
  router
    .add("POST", "/orders", createOrder)
    .add("GET", "/orders", ({ engine, account, query }) => {
      const status = query.get("payment_status");
      const orders = engine.conekta.list("order", account.id).filter((o) => !status || o.payment_status === status);
      return listResponse(engine, orders.map((o) => renderOrder(engine, account.id, o)), query, "/orders");
    })
    .add("GET", "/orders/:id", ({ engine, account, path }) => {
      const order = engine.conekta.get("order", path.id ?? "", account.id);
      if (!order) throw notFound("Order", path.id ?? "");
      return renderOrder(engine, account.id, order);
    });
}
