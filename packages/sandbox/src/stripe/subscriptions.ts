import { StripeApiError, invalidParam, missingResource } from "../http/errors";
import { applyMetadata, asParams, optBool, optInt, optObject, optString, rejectUnknown } from "../http/params";
import type { ApiContext, Obj, Router } from "../http/router";
import { newId } from "../ids";
import type { SubscriptionModel } from "./models-billing";
import { applyExpand, listResponse } from "./render";
import { renderSubscription } from "./render-billing";
import { readTrialSettings } from "./subscription-create";
import { cancelSubscription, periodEnd, updateSubscription } from "./subscription-state";
import { atClockTimeOf } from "./test-clocks";
import { endTrialWithoutPaymentMethod, restartBillingNow } from "./trial-end";

const PAUSE_BEHAVIORS = ["keep_as_draft", "mark_uncollectible", "void"];

function getSubscription({ engine, scope }: ApiContext, id: string): SubscriptionModel {
  const sub = engine.store.get("subscription", id, scope);
  if (!sub) throw missingResource("subscription", id, "id");
  return sub;
}

// items[n][id] targets an existing item; items[n][price] alone adds one; deleted removes.
function applyItems(ctx: ApiContext, sub: SubscriptionModel, s: SubscriptionModel): void {
  const raw = ctx.params.items;
  if (raw === undefined) return;
  if (!Array.isArray(raw)) throw invalidParam("items", "Invalid array: items");
  raw.forEach((entry, i) => {
    const item = asParams(entry, `items[${i}]`);
    rejectUnknown(item, ["id", "price", "quantity", "deleted", "metadata"], `items[${i}]`);
    const priceId = optString(item, "price");
    if (priceId) {
      const price = ctx.engine.store.get("price", priceId, ctx.scope);
      if (!price) throw missingResource("price", priceId, `items[${i}][price]`);
      if (!price.recurring) throw invalidParam(`items[${i}][price]`, "The price specified is not recurring.");
      if (price.currency !== sub.currency) throw invalidParam(`items[${i}][price]`, "The price currency must match the subscription currency.");
    }
    const id = optString(item, "id");
    const existing = id ? s.items.find((it) => it.id === id) : undefined;
    if (id && !existing) throw missingResource("subscription_item", id, `items[${i}][id]`);
    if (existing && optBool(item, "deleted")) {
      s.items = s.items.filter((it) => it !== existing);
      return;
    }
    const quantity = optInt(item, "quantity");
    if (existing) {
      if (priceId) existing.price = priceId;
      if (quantity !== undefined) existing.quantity = quantity;
    } else if (priceId) {
      const first = s.items[0];
      s.items.push({
        id: newId("si"),
        created: ctx.engine.now(),
        price: priceId,
        quantity: quantity ?? 1,
        current_period_start: first?.current_period_start ?? ctx.engine.now(),
        current_period_end: periodEnd(s),
      });
    }
  });
  if (s.items.length === 0) throw invalidParam("items", "A subscription must have at least one item.");
}

function updateRoute(ctx: ApiContext): Obj {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, [
    "items", "cancel_at_period_end", "cancel_at", "pause_collection", "metadata", "proration_behavior",
    "default_payment_method", "description", "cancellation_details", "expand", "trial_end", "trial_settings",
  ]);
  const sub = getSubscription(ctx, ctx.path.id ?? "");
  if (sub.status === "canceled" || sub.status === "incomplete_expired") {
    throw new StripeApiError(400, "invalid_request_error", "A canceled subscription can only update its cancellation_details and metadata.", "resource_invalid_state");
  }
  const pause = params.pause_collection;
  updateSubscription(engine, scope, sub, (s) => {
    applyItems(ctx, sub, s);
    const cancelAtEnd = optBool(params, "cancel_at_period_end");
    if (cancelAtEnd !== undefined) {
      s.cancel_at_period_end = cancelAtEnd;
      s.cancel_at = cancelAtEnd ? periodEnd(s) : null;
      s.canceled_at = cancelAtEnd ? engine.now() : null;
      if (!cancelAtEnd) s.cancellation_reason = null;
      else s.cancellation_reason = "cancellation_requested";
    }
    const cancelAt = optInt(params, "cancel_at");
    if (cancelAt !== undefined) s.cancel_at = cancelAt;
    if (pause === "") s.pause_collection = null;
    else if (pause !== undefined) {
      const p = asParams(pause, "pause_collection");
      const behavior = optString(p, "behavior") ?? "";
      if (!PAUSE_BEHAVIORS.includes(behavior)) throw invalidParam("pause_collection[behavior]", "Invalid pause_collection[behavior]");
      s.pause_collection = { behavior, resumes_at: optInt(p, "resumes_at") ?? null };
    }
    s.metadata = applyMetadata(s.metadata, params);
    s.description = optString(params, "description") ?? s.description;
    const pm = optString(params, "default_payment_method");
    if (pm) {
      if (!engine.store.get("payment_method", pm, scope)) throw missingResource("payment_method", pm, "default_payment_method");
      s.default_payment_method = pm;
    }
  });
  applyTrialEnd(ctx, sub);
  return applyExpand(engine, renderSubscription(engine, sub), params, scope);
}

// trial_end=now ends the trial at once (invoicing, or pausing/canceling per trial_settings);
// a timestamp moves the trial's end.
function applyTrialEnd(ctx: ApiContext, sub: SubscriptionModel): void {
  const { engine, params, scope } = ctx;
  const missing = readTrialSettings(ctx);
  if (missing) updateSubscription(engine, scope, sub, (s) => (s.trial_missing_payment_method = missing));
  if (params.trial_end === undefined) return;
  if (sub.status !== "trialing") throw invalidParam("trial_end", "This subscription is not in a trial period.");
  if (params.trial_end === "now") {
    updateSubscription(engine, scope, sub, (s) => (s.trial_end = engine.now()));
    if (!endTrialWithoutPaymentMethod(engine, scope, sub)) restartBillingNow(engine, scope, sub, "subscription_update");
    return;
  }
  const end = optInt(params, "trial_end") ?? 0;
  if (end <= engine.now()) throw invalidParam("trial_end", "Invalid timestamp: must be an integer Unix timestamp in the future.");
  updateSubscription(engine, scope, sub, (s) => {
    s.trial_end = end;
    s.billing_cycle_anchor = end;
    s.trial_will_end_notified = false;
    for (const item of s.items) item.current_period_end = end;
  });
}

// POST /v1/subscriptions/:id/resume — only a paused subscription; billing restarts now.
function resumeRoute(ctx: ApiContext): Obj {
  rejectUnknown(ctx.params, ["billing_cycle_anchor", "proration_behavior", "proration_date", "expand"]);
  const sub = getSubscription(ctx, ctx.path.id ?? "");
  if (sub.status !== "paused") throw new StripeApiError(400, "invalid_request_error", "Only a paused subscription can be resumed.", "resource_invalid_state");
  restartBillingNow(ctx.engine, ctx.scope, sub, "subscription_update");
  ctx.engine.emit(ctx.scope, "customer.subscription.resumed", renderSubscription(ctx.engine, sub));
  return applyExpand(ctx.engine, renderSubscription(ctx.engine, sub), ctx.params, ctx.scope);
}

export function registerSubscriptions(router: Router): void {
  router
    .add("GET", "/v1/subscriptions", ({ engine, params, scope }) => {
      const customer = optString(params, "customer");
      const price = optString(params, "price");
      const status = optString(params, "status");
      const items = engine.store.list("subscription", scope).filter(
        (s) =>
          (!customer || s.customer === customer) &&
          (!price || s.items.some((i) => i.price === price)) &&
          // Stripe hides canceled subscriptions unless asked for them.
          (status === "all" || (status ? s.status === status : s.status !== "canceled")),
      );
      return listResponse(engine, items.map((s) => renderSubscription(engine, s)), params, "/v1/subscriptions", scope);
    })
    .add("GET", "/v1/subscriptions/:id", (ctx) =>
      applyExpand(ctx.engine, renderSubscription(ctx.engine, getSubscription(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope),
    )
    .add("POST", "/v1/subscriptions/:id", atClockTimeOf("subscription", updateRoute))
    .add("POST", "/v1/subscriptions/:id/resume", atClockTimeOf("subscription", resumeRoute))
    .add("DELETE", "/v1/subscriptions/:id", atClockTimeOf("subscription", (ctx) => {
      rejectUnknown(ctx.params, ["invoice_now", "prorate", "cancellation_details", "expand"]);
      const sub = getSubscription(ctx, ctx.path.id ?? "");
      if (sub.status === "canceled") {
        throw new StripeApiError(400, "invalid_request_error", `No such subscription: '${sub.id}'`, "resource_missing", "id");
      }
      const details = optObject(ctx.params, "cancellation_details");
      if (details) rejectUnknown(details, ["comment", "feedback"], "cancellation_details");
      cancelSubscription(ctx.engine, ctx.scope, sub, "cancellation_requested");
      return applyExpand(ctx.engine, renderSubscription(ctx.engine, sub), ctx.params, ctx.scope);
    }));
}
