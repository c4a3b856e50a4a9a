import { createHmac } from "node:crypto";
import type { DeliveryChannel } from "../delivery";
import type { SandboxEngine } from "../engine";
import type { WebhookEndpointModel } from "./models-billing";
import { renderEvent } from "./render-core";

/** Stripe's signature header: HMAC-SHA256 of `${t}.${body}` keyed by the whole whsec_ secret. */
function signPayload(payload: string, secret: string, timestamp: number): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

// Connect endpoints receive connected-account events; the others, their own account's events.
function endpointsFor(engine: SandboxEngine, scope: string, type: string): WebhookEndpointModel[] {
  const wants = (e: WebhookEndpointModel) =>
    e.status === "enabled" && (e.enabled_events.includes("*") || e.enabled_events.includes(type));
  const own = engine.store.list("webhook_endpoint", scope).filter((e) => !e.connect && wants(e));
  const connect =
    scope === engine.platformId
      ? []
      : engine.store.list("webhook_endpoint", engine.platformId).filter((e) => e.connect && wants(e));
  return [...own, ...connect].reverse();
}

/** Stripe's side of webhook delivery: endpoint selection, `Stripe-Signature`, `pending_webhooks`. */
export function stripeChannel(engine: SandboxEngine): DeliveryChannel {
  return {
    store: engine.store,
    targets(scope, eventId) {
      const event = engine.store.get("event", eventId);
      if (!event) return [];
      const endpoints = endpointsFor(engine, scope, event.type);
      event.pending_webhooks = endpoints.length;
      return endpoints.map((e) => e.id);
    },
    request(job) {
      const endpoint = engine.store.get("webhook_endpoint", job.endpointId);
      const event = engine.store.get("event", job.eventId);
      // Deleted or disabled endpoints stop receiving, including pending retries.
      if (!endpoint || endpoint.status !== "enabled" || !event) return null;
      const body = JSON.stringify(renderEvent(event), null, 2);
      const timestamp = Math.floor(Date.now() / 1000);
      return {
        url: endpoint.url,
        body,
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "stripe-signature": signPayload(body, endpoint.secret, timestamp),
        },
      };
    },
    recordOutcome(job, { ok }) {
      const event = engine.store.get("event", job.eventId);
      if (ok && event) event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
    },
  };
}
