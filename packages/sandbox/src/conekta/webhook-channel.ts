import { sign } from "node:crypto";
import type { DeliveryChannel } from "../delivery";
import type { SandboxEngine } from "../engine";
import { pendingLog, renderEvent } from "./events";
import type { WebhookModel } from "./models-orders";

/**
 * Conekta's `digest` header: the RSASSA-PKCS1-v1_5 SHA-256 signature of the raw UTF-8 body
 * with the webhook key's private key, base64. Verify with the key's public PEM:
 * `crypto.verify("sha256", body, publicKeyPem, Buffer.from(digest, "base64"))`.
 */
function signDigest(body: string, privateKeyPem: string): string {
  return sign("sha256", Buffer.from(body, "utf8"), privateKeyPem).toString("base64");
}

/** Conekta's side of webhook delivery: subscribed webhooks, the `digest` signature, webhook logs. */
export function conektaChannel(engine: SandboxEngine): DeliveryChannel {
  const store = engine.conekta;
  return {
    store,
    targets(scope, eventId, only) {
      const event = store.get("event", eventId, scope);
      if (!event) return [];
      const hooks = only
        ? only.map((id) => store.get("webhook", id, scope)).filter((w): w is WebhookModel => w !== undefined)
        : store.list("webhook", scope).reverse().filter((w) => w.subscribed_events.includes(event.type));
      const active = hooks.filter((w) => w.active);
      for (const hook of active) pendingLog(event, hook);
      return active.map((w) => w.id);
    },
    request(job) {
      const hook = store.get("webhook", job.endpointId, job.scope);
      const event = store.get("event", job.eventId, job.scope);
      // Deleted or deactivated webhooks stop receiving, including pending retries.
      if (!hook?.active || !event) return null;
      const body = JSON.stringify(renderEvent(event));
      const headers: Record<string, string> = {
        "content-type": "application/json; charset=utf-8",
        "user-agent": "Conekta Webhooks (Beacon sandbox)",
      };
      // Signed only once the account has an active webhook key, as in Conekta; newest key wins.
      const key = store.list("webhook_key", job.scope).find((k) => k.active);
      if (key) headers.digest = signDigest(body, key.private_key);
      return { url: hook.url, headers, body };
    },
    recordOutcome(job, { ok, status, final }) {
      const log = store.get("event", job.eventId, job.scope)?.webhook_logs.find((l) => l.webhook_id === job.endpointId);
      if (!log) return;
      log.last_attempted_at = engine.now();
      log.last_http_response_status = status ?? -1;
      if (!ok) log.failed_attempts += 1;
      log.state = ok ? "delivered" : final ? "failed" : "pending";
      store.touch();
    },
  };
}
