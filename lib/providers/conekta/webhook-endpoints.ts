import "server-only";
import { WebhookKeysApi, WebhooksApi } from "conekta";
import { DomainError, ProviderError } from "@/lib/errors";
import { conektaConfig } from "../clients";
import { WebhookLimitReached, type ConnectionsPort, type WebhookTarget } from "../connections-port";
import { conektaMessage, isNotFound, isWebhookLimit, toConektaFailure } from "./account-errors";
import { conektaTimeout } from "./account-snapshot";
import { conektaSubscribedEvents } from "./webhook-subscribed-events";

// A Conekta endpoint is a webhook on the merchant's account plus a webhook key: Conekta signs each
// delivery's body with the key's private half (`digest` header), Beacon keeps the public half.
// Rotating adds a key; Conekta signs with the newest active key, the old one is deleted at retirement.

function keyOf(target: WebhookTarget): string {
  const key = target.handle?.credential;
  if (!key) throw new DomainError("conflict", "Save the Conekta private key first.");
  return key;
}

async function createKey(key: string) {
  const { data } = await new WebhookKeysApi(conektaConfig(key)).createWebhookKey("en", { active: true }, conektaTimeout);
  if (!data.id || !data.public_key) throw new ProviderError("conekta", "provider_unavailable", "Conekta created a webhook key without its public key.");
  return { providerKeyId: data.id, secret: data.public_key };
}

export const registerWebhook: ConnectionsPort["registerWebhook"] = async (target) => {
  const key = keyOf(target);
  const webhooks = new WebhooksApi(conektaConfig(key));
  try {
    // Idempotent: a webhook Beacon registered earlier at the same URL is reused, not duplicated.
    // The whole list (an account holds at most 10): it names them all if the limit is reached.
    const { data: list } = await webhooks.getWebhooks("en", undefined, 250, undefined, undefined, undefined, undefined, conektaTimeout);
    const all = list.data ?? [];
    let hook = all.find((w) => w.url === target.url);
    if (hook && hook.active === false) {
      hook = (await webhooks.updateWebhook(hook.id!, { url: target.url, active: true }, "en", undefined, conektaTimeout)).data;
    }
    hook ??= await webhooks.createWebhook({ url: target.url, subscribed_events: conektaSubscribedEvents }, "en", conektaTimeout).then(
      (r) => r.data,
      (error: unknown) => {
        if (!isWebhookLimit(error, all.length)) throw error;
        throw new WebhookLimitReached("conekta", all.map((w) => ({ id: w.id!, url: w.url! })), conektaMessage(error));
      },
    );
    if (!hook.id) throw new ProviderError("conekta", "provider_unavailable", "Conekta created the webhook without an id.");
    return { providerEndpointId: hook.id, ...(await createKey(key)) };
  } catch (error) {
    throw toConektaFailure(error, "registering Beacon's webhook");
  }
};

export const rotateWebhookSecret: ConnectionsPort["rotateWebhookSecret"] = async (target, current) => {
  try {
    return { providerEndpointId: current.providerEndpointId, ...(await createKey(keyOf(target))) };
  } catch (error) {
    throw toConektaFailure(error, "creating a new webhook key");
  }
};

export const retireWebhookSecret: ConnectionsPort["retireWebhookSecret"] = async (target, material) => {
  if (!material.providerKeyId) return;
  try {
    await new WebhookKeysApi(conektaConfig(keyOf(target))).deleteWebhookKey(material.providerKeyId, "en", conektaTimeout);
  } catch (error) {
    if (!isNotFound(error)) throw toConektaFailure(error, "deleting the retired webhook key");
  }
};

export const removeWebhook: ConnectionsPort["removeWebhook"] = async (target, endpoint) => {
  try {
    await new WebhooksApi(conektaConfig(keyOf(target))).deleteWebhook(endpoint.providerEndpointId, "en", conektaTimeout);
  } catch (error) {
    if (!isNotFound(error)) throw toConektaFailure(error, "deleting a webhook");
  }
};

/** Conekta's own test: a signed `webhook_ping` to the webhook's URL. */
export const sendTestEvent: ConnectionsPort["sendTestEvent"] = async (target, endpoint) => {
  try {
    await new WebhooksApi(conektaConfig(keyOf(target))).testWebhook(endpoint.providerEndpointId, "en", conektaTimeout);
  } catch (error) {
    throw toConektaFailure(error, "asking Conekta to send a test event", { accountCall: true });
  }
  return { type: "webhook_ping" };
};
