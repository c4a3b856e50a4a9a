import type { ConektaContext, ConektaRouter } from "./api";
import { invalidParam, notFound, precondition } from "./errors";
import { renderEvent } from "./events";
import { listResponse } from "./list";
import { getCustomer, getPlan, getSubscription } from "./lookup";
import type { SubscriptionModel, SubscriptionStatus } from "./models";
import { optInt, optString, reqString } from "./params";
import { currentSubscription, renderSubscription } from "./render";
import { cancelSubscription, changeSubscription, createSubscription, retryPayment, startCycle } from "./subscription-state";

type Obj = Record<string, unknown>;

function render(ctx: ConektaContext, sub: SubscriptionModel): Obj {
  return renderSubscription(ctx.engine, ctx.account.id, sub);
}

function requireStatus(sub: SubscriptionModel, allowed: SubscriptionStatus[], action: string): void {
  if (!allowed.includes(sub.status)) {
    throw precondition(`A subscription can be ${action} only when it is ${allowed.join(" or ")}; it is ${sub.status}.`, `subscription.cannot_be_${action}`);
  }
}

function cardOf(ctx: ConektaContext, customerId: string, cardId: string): string {
  const card = ctx.engine.conekta.get("payment_source", cardId, ctx.account.id);
  if (card?.customer_id !== customerId) throw invalidParam("card_id", "The card does not belong to the customer.");
  return card.id;
}

// POST /customers/:customer_id/subscriptions — one live subscription per customer
function create(ctx: ConektaContext): Obj {
  const customer = getCustomer(ctx, ctx.path.customer_id ?? "");
  const plan = getPlan(ctx, reqString(ctx.body, "plan_id"));
  const cardId = optString(ctx.body, "card_id");
  const trialEnd = optInt(ctx.body, "trial_end");
  if (trialEnd !== undefined && trialEnd <= ctx.engine.now()) throw invalidParam("trial_end", "The trial_end must be in the future.");
  if (!cardId && !customer.default_payment_source_id) throw invalidParam("card_id", "The customer has no card to charge.", "missing");
  const sub = createSubscription(ctx.engine, ctx.account.id, customer, plan, { cardId: cardId ? cardOf(ctx, customer.id, cardId) : null, trialEnd });
  return render(ctx, sub);
}

// PUT …/subscriptions/:id — a new plan is charged from the end of the current cycle (no proration)
function update(ctx: ConektaContext): Obj {
  const sub = getSubscription(ctx);
  requireStatus(sub, ["in_trial", "active", "past_due", "paused"], "updated");
  const planId = optString(ctx.body, "plan_id");
  const plan = planId ? getPlan(ctx, planId) : undefined;
  const cardId = optString(ctx.body, "card_id");
  const card = cardId ? cardOf(ctx, sub.customer_id, cardId) : undefined;
  const trialEnd = optInt(ctx.body, "trial_end");
  if (trialEnd !== undefined && (sub.status !== "in_trial" || trialEnd <= ctx.engine.now())) {
    throw invalidParam("trial_end", "Only a subscription in trial can move its trial_end, and only into the future.");
  }
  changeSubscription(ctx.engine, ctx.account.id, sub, "subscription.updated", (s) => {
    if (plan) s.plan_id = plan.id;
    if (card) s.card_id = card;
    if (trialEnd !== undefined) s.trial_end = trialEnd;
  });
  return render(ctx, sub);
}

function pause(ctx: ConektaContext): Obj {
  const sub = getSubscription(ctx);
  requireStatus(sub, ["active"], "paused");
  changeSubscription(ctx.engine, ctx.account.id, sub, "subscription.paused", (s) => {
    s.status = "paused";
    s.paused_at = ctx.engine.now();
  });
  return render(ctx, sub);
}

// A cycle that ended during the pause is billed at once.
function resume(ctx: ConektaContext): Obj {
  const sub = getSubscription(ctx);
  requireStatus(sub, ["paused"], "resumed");
  changeSubscription(ctx.engine, ctx.account.id, sub, "subscription.resumed", (s) => {
    s.status = "active";
    s.paused_at = null;
  });
  if (sub.billing_cycle_end !== null && sub.billing_cycle_end <= ctx.engine.now()) startCycle(ctx.engine, ctx.account.id, sub, true);
  return render(ctx, sub);
}

function cancel(ctx: ConektaContext): Obj {
  const sub = getSubscription(ctx);
  requireStatus(sub, ["in_trial", "active", "past_due", "paused"], "canceled");
  cancelSubscription(ctx.engine, ctx.account.id, sub, "user_cancelation");
  return render(ctx, sub);
}

// POST …/retry — charge a past_due subscription now (counts as one of the plan's retries)
function retry(ctx: ConektaContext): Obj {
  const sub = getSubscription(ctx);
  if (sub.status !== "past_due") throw invalidParam("id", "Only a past_due subscription can retry its payment.", "not_past_due");
  retryPayment(ctx.engine, ctx.account.id, sub);
  return render(ctx, sub);
}

function events(ctx: ConektaContext): Obj {
  const sub = getSubscription(ctx);
  const items = ctx.engine.conekta
    .list("event", ctx.account.id)
    .filter((e) => e.type.startsWith("subscription.") && (e.data.object as Obj | undefined)?.id === sub.id);
  return listResponse(ctx.engine, items.map(renderEvent), ctx.query, `/customers/${sub.customer_id}/subscriptions/${sub.id}/events`);
}

// The deprecated single-subscription routes act on the customer's current subscription.
function current(handler: (ctx: ConektaContext) => Obj): (ctx: ConektaContext) => Obj {
  return (ctx) => {
    const customer = getCustomer(ctx, ctx.path.customer_id ?? "");
    const sub = currentSubscription(ctx.engine, ctx.account.id, customer.id);
    if (!sub) throw notFound("Subscription", customer.id);
    return handler({ ...ctx, path: { ...ctx.path, id: sub.id } });
  };
}

export function registerSubscriptions(router: ConektaRouter): void {
  const base = "/customers/:customer_id/subscriptions";
  router
    .add("POST", base, create)
    .add("GET", base, (ctx) => {
      const customer = getCustomer(ctx, ctx.path.customer_id ?? "");
      const subs = ctx.engine.conekta.list("subscription", ctx.account.id).filter((s) => s.customer_id === customer.id);
      return listResponse(ctx.engine, subs.map((s) => render(ctx, s)), ctx.query, `/customers/${customer.id}/subscriptions`);
    })
    .add("GET", `${base}/:id`, (ctx) => render(ctx, getSubscription(ctx)))
    .add("PUT", `${base}/:id`, update)
    .add("POST", `${base}/:id/pause`, pause)
    .add("POST", `${base}/:id/resume`, resume)
    .add("POST", `${base}/:id/cancel`, cancel)
    .add("POST", `${base}/:id/retry`, retry)
    .add("GET", `${base}/:id/events`, events)
    .add("POST", "/customers/:customer_id/subscription", create)
    .add("GET", "/customers/:customer_id/subscription", current((ctx) => render(ctx, getSubscription(ctx))))
    .add("PUT", "/customers/:customer_id/subscription", current(update))
    .add("POST", "/customers/:customer_id/subscription/pause", current(pause))
    .add("POST", "/customers/:customer_id/subscription/resume", current(resume))
    .add("POST", "/customers/:customer_id/subscription/cancel", current(cancel))
    .add("GET", "/customers/:customer_id/subscription/events", current(events));
}
