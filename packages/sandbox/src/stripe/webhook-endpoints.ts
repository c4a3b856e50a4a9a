import { StripeApiError, invalidParam, missingResource } from "../http/errors";
import { applyMetadata, optBool, optString, rejectUnknown, reqString, stringArray } from "../http/params";
import type { ApiContext, Router } from "../http/router";
import { newId } from "../ids";
import type { WebhookEndpointModel } from "./models-billing";
import { applyExpand, listResponse } from "./render";
import { renderEvent, renderWebhookEndpoint } from "./render-core";

function getEndpoint({ engine, scope }: ApiContext, id: string): WebhookEndpointModel {
  const endpoint = engine.store.get("webhook_endpoint", id, scope);
  if (!endpoint) throw missingResource("webhook_endpoint", id, "webhook_endpoint");
  return endpoint;
}

function checkUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("protocol");
  } catch {
    throw invalidParam("url", `Invalid URL: ${url}`);
  }
  return url;
}

export function registerWebhooksAndEvents(router: Router): void {
  router
    .add("POST", "/v1/webhook_endpoints", ({ engine, params, scope, connected }) => {
      rejectUnknown(params, ["url", "enabled_events", "connect", "description", "metadata", "api_version", "expand"]);
      const events = stringArray(params, "enabled_events");
      if (!events || events.length === 0) throw invalidParam("enabled_events", "Missing required param: enabled_events.");
      const connect = optBool(params, "connect") ?? false;
      if (connect && connected) {
        throw new StripeApiError(400, "invalid_request_error", "Connect endpoints can only be created on the platform account.", "platform_account_required");
      }
      const endpoint = engine.store.insert("webhook_endpoint", scope, {
        id: newId("we"),
        created: engine.now(),
        url: checkUrl(reqString(params, "url")),
        enabled_events: events,
        connect,
        secret: newId("whsec"),
        description: optString(params, "description") ?? null,
        metadata: applyMetadata({}, params),
        status: "enabled",
        api_version: optString(params, "api_version") ?? null,
      });
      return applyExpand(engine, renderWebhookEndpoint(endpoint, true), params, scope);
    })
    .add("GET", "/v1/webhook_endpoints", ({ engine, params, scope }) => {
      const items = engine.store.list("webhook_endpoint", scope).map((e) => renderWebhookEndpoint(e));
      return listResponse(engine, items, params, "/v1/webhook_endpoints", scope);
    })
    .add("GET", "/v1/webhook_endpoints/:id", (ctx) =>
      applyExpand(ctx.engine, renderWebhookEndpoint(getEndpoint(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope),
    )
    .add("POST", "/v1/webhook_endpoints/:id", (ctx) => {
      rejectUnknown(ctx.params, ["url", "enabled_events", "description", "metadata", "disabled", "expand"]);
      const endpoint = getEndpoint(ctx, ctx.path.id ?? "");
      const url = optString(ctx.params, "url");
      if (url) endpoint.url = checkUrl(url);
      endpoint.enabled_events = stringArray(ctx.params, "enabled_events") ?? endpoint.enabled_events;
      endpoint.description = optString(ctx.params, "description") ?? endpoint.description;
      endpoint.metadata = applyMetadata(endpoint.metadata, ctx.params);
      const disabled = optBool(ctx.params, "disabled");
      if (disabled !== undefined) endpoint.status = disabled ? "disabled" : "enabled";
      ctx.engine.store.touch();
      return applyExpand(ctx.engine, renderWebhookEndpoint(endpoint), ctx.params, ctx.scope);
    })
    .add("DELETE", "/v1/webhook_endpoints/:id", (ctx) => {
      const endpoint = getEndpoint(ctx, ctx.path.id ?? "");
      ctx.engine.store.remove(endpoint.id);
      return { id: endpoint.id, object: "webhook_endpoint", deleted: true };
    })
    .add("GET", "/v1/events", ({ engine, params, scope }) => {
      const type = optString(params, "type");
      const types = stringArray(params, "types");
      const deliverySuccess = optBool(params, "delivery_success");
      // `type` accepts a trailing wildcard (`invoice.*`), as Stripe does.
      const matches = (t: string) =>
        (!type || (type.endsWith(".*") ? t.startsWith(type.slice(0, -1)) : t === type)) && (!types || types.includes(t));
      const items = engine.store.list("event", scope).filter(
        (e) => matches(e.type) && (deliverySuccess === undefined || (e.pending_webhooks === 0) === deliverySuccess),
      );
      return listResponse(engine, items.map(renderEvent), params, "/v1/events", scope);
    })
    .add("GET", "/v1/events/:id", (ctx) => {
      const event = ctx.engine.store.get("event", ctx.path.id ?? "", ctx.scope);
      if (!event) throw missingResource("event", ctx.path.id ?? "", "id");
      return applyExpand(ctx.engine, renderEvent(event), ctx.params, ctx.scope);
    });
}
