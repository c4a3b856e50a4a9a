import { StripeApiError, invalidParam, missingResource } from "../http/errors";
import { applyMetadata, asParams, optBool, optInt, optObject, optString, rejectUnknown, reqString } from "../http/params";
import type { ApiContext, Router } from "../http/router";
import { newId } from "../ids";
import { collectInvoice, createSubscriptionInvoice, finalizeInvoice } from "./invoicing";
import type { SubscriptionItemModel, SubscriptionModel } from "./models-billing";
import { applyExpand } from "./render";
import { renderSubscription } from "./render-billing";
import { nextPeriodEnd } from "./subscription-state";
import { getCustomer } from "./customers";
import { atCustomerTime } from "./test-clocks";

// POST /v1/subscriptions — a subscription created by API, as Stripe runs it: created,
// first invoice drafted, finalized and collected (or left open per payment_behavior),
// then updated to active once paid.

const FIELDS = [
  "customer", "items", "trial_period_days", "trial_end", "payment_behavior", "default_payment_method", "metadata",
  "description", "cancel_at_period_end", "cancel_at", "collection_method", "trial_settings", "expand", "off_session",
  "proration_behavior", "currency", "automatic_tax", "payment_settings", "trial_from_plan",
];
const BEHAVIORS = ["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"];

function readItems(ctx: ApiContext, now: number): { items: SubscriptionItemModel[]; currency: string } {
  const raw = ctx.params.items;
  if (!Array.isArray(raw) || raw.length === 0) throw new StripeApiError(400, "invalid_request_error", "Missing required param: items.", "parameter_missing", "items");
  let currency = "";
  const items = raw.map((entry, i) => {
    const item = asParams(entry, `items[${i}]`);
    rejectUnknown(item, ["price", "plan", "quantity", "metadata"], `items[${i}]`);
    // A plan is a recurring price under its older name, with the same id.
    const priceId = optString(item, "plan") ?? reqString(item, "price");
    const price = ctx.engine.store.get("price", priceId, ctx.scope);
    if (!price) throw missingResource("price", priceId, `items[${i}][price]`);
    if (!price.recurring) throw invalidParam(`items[${i}][price]`, "The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.");
    if (currency && price.currency !== currency) throw invalidParam(`items[${i}][price]`, "All prices on a subscription must have the same currency.");
    currency = price.currency;
    return { id: newId("si"), created: now, price: priceId, quantity: optInt(item, "quantity") ?? 1, current_period_start: now, current_period_end: now };
  });
  return { items, currency };
}

export function readTrialSettings(ctx: ApiContext): "create_invoice" | "pause" | "cancel" | undefined {
  const settings = optObject(ctx.params, "trial_settings");
  if (!settings) return undefined;
  rejectUnknown(settings, ["end_behavior"], "trial_settings");
  const end = optObject(settings, "end_behavior");
  if (!end) return undefined;
  rejectUnknown(end, ["missing_payment_method"], "trial_settings[end_behavior]");
  const value = optString(end, "missing_payment_method");
  if (value !== "create_invoice" && value !== "pause" && value !== "cancel") {
    throw invalidParam("trial_settings[end_behavior][missing_payment_method]", "Invalid missing_payment_method: must be one of cancel, create_invoice or pause");
  }
  return value;
}

function trialEndOf(ctx: ApiContext, now: number): number | null {
  const end = ctx.params.trial_end;
  if (end === "now") return null;
  const explicit = optInt(ctx.params, "trial_end");
  if (explicit !== undefined) {
    if (explicit <= now) throw invalidParam("trial_end", "Invalid timestamp: must be an integer Unix timestamp in the future.");
    return explicit;
  }
  const days = optInt(ctx.params, "trial_period_days");
  return days ? now + days * 86_400 : null;
}

/** A subscription of a customer bound to a test clock starts at that clock's time. */
export function createSubscriptionRoute(ctx: ApiContext) {
  const customer = ctx.params.customer;
  return atCustomerTime(ctx.engine, typeof customer === "string" ? customer : "", () => createSubscription(ctx));
}

function createSubscription(ctx: ApiContext) {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, FIELDS);
  const customerId = reqString(params, "customer");
  const customer = getCustomer({ engine, scope }, customerId);
  const behavior = optString(params, "payment_behavior") ?? "allow_incomplete";
  if (!BEHAVIORS.includes(behavior)) throw invalidParam("payment_behavior", `Invalid payment_behavior: must be one of ${BEHAVIORS.join(", ")}`);
  const collection = optString(params, "collection_method") ?? "charge_automatically";
  if (collection !== "charge_automatically") throw invalidParam("collection_method", "The sandbox only collects automatically.");
  const pmId = optString(params, "default_payment_method") ?? null;
  if (pmId && !engine.store.get("payment_method", pmId, scope)) throw missingResource("payment_method", pmId, "default_payment_method");
  const now = engine.now();
  const { items, currency } = readItems(ctx, now);
  const trialEnd = trialEndOf(ctx, now);
  const hasPaymentMethod = Boolean(pmId ?? customer.default_payment_method);
  const firstPrice = engine.store.get("price", items[0]?.price ?? "");
  const recurring = firstPrice?.recurring ?? { interval: "month" as const, interval_count: 1 };
  const amount = items.reduce((sum, item) => sum + (engine.store.get("price", item.price)?.unit_amount ?? 0) * item.quantity, 0);
  if (!trialEnd && amount > 0 && !hasPaymentMethod && behavior !== "default_incomplete") {
    throw new StripeApiError(400, "invalid_request_error", "This customer has no attached payment source or default payment method. Please consider adding a default payment method.", "resource_missing");
  }
  const periodEnd = trialEnd ?? nextPeriodEnd(now, recurring, now);
  for (const item of items) item.current_period_end = periodEnd;
  const automaticTax = optObject(params, "automatic_tax");
  const sub: SubscriptionModel = engine.store.insert("subscription", scope, {
    id: newId("sub"),
    created: now,
    customer: customerId,
    status: trialEnd ? "trialing" : "incomplete",
    items,
    metadata: applyMetadata({}, params),
    description: optString(params, "description") ?? null,
    currency: optString(params, "currency") ?? currency,
    billing_cycle_anchor: trialEnd ?? now,
    start_date: now,
    cancel_at_period_end: optBool(params, "cancel_at_period_end") ?? false,
    cancel_at: optInt(params, "cancel_at") ?? null,
    canceled_at: null,
    ended_at: null,
    cancellation_reason: null,
    trial_start: trialEnd ? now : null,
    trial_end: trialEnd,
    latest_invoice: null,
    default_payment_method: pmId,
    pause_collection: null,
    automatic_tax: automaticTax ? optBool(automaticTax, "enabled") ?? false : false,
    tax_country: customer.address?.country ?? null,
    trial_will_end_notified: false,
    trial_missing_payment_method: readTrialSettings(ctx),
  });
  if (sub.cancel_at_period_end) sub.cancel_at = periodEnd;
  engine.emit(scope, "customer.subscription.created", renderSubscription(engine, sub));
  // A trial shorter than Stripe's three-day notice warns at once.
  if (trialEnd && trialEnd - 3 * 86_400 <= now) {
    sub.trial_will_end_notified = true;
    engine.emit(scope, "customer.subscription.trial_will_end", renderSubscription(engine, sub));
  }
  const invoice = createSubscriptionInvoice(engine, scope, sub, { reason: "subscription_create", periodStart: now, periodEnd, trial: trialEnd !== null });
  if (behavior === "default_incomplete" && invoice.total > 0) {
    finalizeInvoice(engine, scope, invoice);
  } else {
    const paid = collectInvoice(engine, scope, invoice);
    if (!paid && behavior === "error_if_incomplete") {
      throw new StripeApiError(402, "card_error", "Your card was declined.", "card_declined", undefined, { decline_code: "generic_decline" });
    }
  }
  return applyExpand(engine, renderSubscription(engine, sub), params, scope);
}

export function registerSubscriptionCreate(router: Router): void {
  router.add("POST", "/v1/subscriptions", createSubscriptionRoute);
}
