import { generateKeyPairSync } from "node:crypto";
import { hexId } from "../ids";
import type { ConektaContext, ConektaRouter } from "./api";
import { notFound } from "./errors";
import { listResponse } from "./list";
import type { WebhookKeyModel } from "./models-orders";
import { optBool } from "./params";

type Obj = Record<string, unknown>;

// The creation response has no deactivated_at (webhook_key_create_response).
function renderKey(key: WebhookKeyModel, created = false): Obj {
  const out: Obj = { id: key.id, object: "webhook_key", active: key.active, livemode: false, created_at: key.created_at, public_key: key.public_key };
  if (!created) out.deactivated_at = key.deactivated_at;
  return out;
}

function getKey({ engine, account, path }: ConektaContext): WebhookKeyModel {
  const key = engine.conekta.get("webhook_key", path.id ?? "", account.id);
  if (!key) throw notFound("WebhookKey", path.id ?? "");
  return key;
}

export function registerWebhookKeys(router: ConektaRouter): void {
  router
    // POST /webhook_keys — an RSA-2048 pair: the sandbox signs with the private half, you verify with the PEM
    .add("POST", "/webhook_keys", ({ engine, account, body }) => {
      const pair = generateKeyPairSync("rsa", {
        modulusLength: 2048,
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
      });
      const active = optBool(body, "active") ?? true;
      const key = engine.conekta.insert("webhook_key", account.id, {
        id: hexId(),
        created_at: engine.now(),
        active,
        deactivated_at: active ? null : engine.now(),
        public_key: pair.publicKey,
        private_key: pair.privateKey,
      });
      return renderKey(key, true);
    })
    .add("GET", "/webhook_keys", ({ engine, account, query }) =>
      listResponse(engine, engine.conekta.list("webhook_key", account.id).map((k) => renderKey(k)), query, "/webhook_keys"),
    )
    .add("GET", "/webhook_keys/:id", (ctx) => renderKey(getKey(ctx)))
    // PUT /webhook_keys/:id — { active: false } stops signing with it
    .add("PUT", "/webhook_keys/:id", (ctx) => {
      const key = getKey(ctx);
      const active = optBool(ctx.body, "active") ?? false;
      if (active !== key.active) {
        key.active = active;
        key.deactivated_at = active ? null : ctx.engine.now();
        ctx.engine.conekta.touch();
      }
      return renderKey(key);
    })
    .add("DELETE", "/webhook_keys/:id", (ctx) => {
      const key = getKey(ctx);
      ctx.engine.conekta.remove(key.id, ctx.account.id);
      return { id: key.id, object: "webhook_key", active: key.active, livemode: false, created_at: key.created_at, deleted: true };
    });
}
