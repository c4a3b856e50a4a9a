import { hexId } from "../ids";
import type { ConektaContext, ConektaRouter } from "./api";
import { ConektaError, invalidParam, notFound } from "./errors";
import { recordEvent } from "./events";
import { listResponse } from "./list";
import type { WebhookModel } from "./models-orders";
import { checkUrl, optBool, optString, optStringArray, reqString } from "./params";

type Obj = Record<string, unknown>;

/** Conekta's subscribable event types (the seed guide's full list). */
const CONEKTA_EVENT_TYPES = [
  "charge.created", "charge.paid", "charge.under_fraud_review", "charge.fraudulent", "charge.refunded",
  "charge.preauthorized", "charge.declined", "charge.canceled", "charge.reversed", "charge.pending_confirmation",
  "charge.expired", "customer.created", "customer.updated", "customer.deleted", "webhook.created", "webhook.updated",
  "webhook.deleted", "charge.chargeback.created", "charge.chargeback.updated", "charge.chargeback.under_review",
  "charge.chargeback.lost", "charge.chargeback.won", "payout.created", "payout.retrying", "payout.paid_out",
  "payout.failed", "plan.created", "plan.updated", "plan.deleted", "subscription.created", "subscription.paused",
  "subscription.resumed", "subscription.canceled", "subscription.expired", "subscription.updated",
  "subscription.paid", "subscription.payment_failed", "payee.created", "payee.updated", "payee.deleted",
  "payee.payout_method.created", "payee.payout_method.updated", "payee.payout_method.deleted",
  "charge.score_updated", "receipt.created", "order.canceled", "order.charged_back", "order.created",
  "order.expired", "order.fraudulent", "order.under_fraud_review", "order.paid", "order.partially_refunded",
  "order.pending_payment", "order.pre_authorized", "order.refunded", "order.updated", "order.voided",
  "order.declined", "webhook_ping",
];

// The seed guide: "solamente puedes tener máximo 10 webhooks".
const MAX_WEBHOOKS = 10;

export function renderWebhook(hook: WebhookModel): Obj {
  return {
    id: hook.id,
    object: "webhook",
    url: hook.url,
    description: hook.description,
    livemode: false,
    active: hook.active,
    status: hook.active ? "listening" : "inactive",
    subscribed_events: hook.subscribed_events,
  };
}

function events(ctx: ConektaContext): string[] | undefined {
  const types = optStringArray(ctx.body, "subscribed_events");
  const unknown = types?.find((t) => !CONEKTA_EVENT_TYPES.includes(t));
  if (unknown) throw invalidParam("subscribed_events", `Unknown event type: ${unknown}.`);
  return types;
}

export function getWebhook({ engine, account }: ConektaContext, id: string): WebhookModel {
  const hook = engine.conekta.get("webhook", id, account.id);
  if (!hook) throw notFound("Webhook", id);
  return hook;
}

/**
 * The 11th webhook: Conekta's error object as for any refused parameter (422
 * `parameter_validation_error`). Conekta documents the limit but not this error's code; the
 * sandbox's `…webhook.limit_exceeded` is what Beacon's adapter recognises (with the count).
 */
export function webhookLimit(count: number): ConektaError {
  return new ConektaError(
    422,
    "parameter_validation_error",
    `You can have at most ${MAX_WEBHOOKS} webhooks; delete one to add another.`,
    "conekta.errors.parameter_validation.webhook.limit_exceeded",
    null,
    `The account already has ${count} webhooks, the most Conekta allows per environment.`,
  );
}

// POST /webhooks — at most 10 per account; loopback URLs are allowed (real Conekta refuses them)
function createWebhook(ctx: ConektaContext): Obj {
  const { engine, account, body } = ctx;
  const count = engine.conekta.list("webhook", account.id).length;
  if (count >= MAX_WEBHOOKS) throw webhookLimit(count);
  const hook = engine.conekta.insert("webhook", account.id, {
    id: hexId(),
    created_at: engine.now(),
    url: checkUrl(reqString(body, "url"), "url"),
    subscribed_events: events(ctx) ?? [...CONEKTA_EVENT_TYPES],
    active: true,
    description: optString(body, "description") ?? "",
  });
  return renderWebhook(hook);
}

function updateWebhook(ctx: ConektaContext): Obj {
  const hook = getWebhook(ctx, ctx.path.id ?? "");
  const url = optString(ctx.body, "url");
  const subscribed = events(ctx);
  const active = optBool(ctx.body, "active");
  const description = optString(ctx.body, "description");
  if (url !== undefined) hook.url = checkUrl(url, "url");
  if (subscribed !== undefined) hook.subscribed_events = subscribed;
  if (active !== undefined) hook.active = active;
  if (description !== undefined) hook.description = description;
  ctx.engine.conekta.touch();
  return renderWebhook(hook);
}

export function registerWebhooks(router: ConektaRouter): void {
  router
    .add("POST", "/webhooks", createWebhook)
    .add("GET", "/webhooks", ({ engine, account, query }) => {
      const url = query.get("url");
      const hooks = engine.conekta.list("webhook", account.id).filter((w) => !url || w.url === url);
      return listResponse(engine, hooks.map(renderWebhook), query, "/webhooks");
    })
    .add("GET", "/webhooks/:id", (ctx) => renderWebhook(getWebhook(ctx, ctx.path.id ?? "")))
    .add("PUT", "/webhooks/:id", updateWebhook)
    .add("DELETE", "/webhooks/:id", (ctx) => {
      const hook = getWebhook(ctx, ctx.path.id ?? "");
      ctx.engine.conekta.remove(hook.id, ctx.account.id);
      return renderWebhook(hook);
    })
    // POST /webhooks/:id/test — a webhook_ping to this webhook only
    .add("POST", "/webhooks/:id/test", (ctx) => {
      const hook = getWebhook(ctx, ctx.path.id ?? "");
      if (!hook.active) throw invalidParam("id", "The webhook is not active.", "inactive");
      recordEvent(ctx.engine, ctx.account.id, "webhook_ping", { action: "ping", livemode: false }, [hook.id]);
      return renderWebhook(hook);
    });
}
