import "server-only";
import type Stripe from "stripe";
import { DomainError, ProviderError } from "@/lib/errors";
import { STRIPE_API_VERSION, stripeClient } from "../clients";
import type { ConnectionsPort, WebhookMaterial, WebhookTarget } from "../connections-port";
import { toStripeFailure } from "./account-errors";

// Beacon's two Stripe endpoints per mode belong to its platform account: one for the platform's
// own events, one (`connect: true`) for every connected account's. Stripe cannot roll a secret
// through the API, so a rotation registers a second endpoint at the same URL: both deliver during
// the overlap (the inbox drops the duplicates), then the old one is deleted.

async function createEndpoint(target: WebhookTarget): Promise<WebhookMaterial> {
  const connect = target.kind === "stripe_connect";
  let endpoint: Stripe.WebhookEndpoint;
  try {
    endpoint = await stripeClient(target.mode).webhookEndpoints.create({
      url: target.url,
      // Everything: Beacon's inbox records and explains every event, handled or ignored.
      enabled_events: ["*"],
      connect,
      api_version: STRIPE_API_VERSION as Stripe.WebhookEndpointCreateParams.ApiVersion,
      description: connect ? "Beacon: connected accounts' events" : "Beacon: platform events",
      metadata: { beacon_kind: target.kind },
    });
  } catch (error) {
    throw toStripeFailure(error, "registering Beacon's webhook endpoint");
  }
  if (!endpoint.secret) throw new ProviderError("stripe", "provider_unavailable", "Stripe created the endpoint but returned no signing secret.");
  return { providerEndpointId: endpoint.id, providerKeyId: endpoint.id, secret: endpoint.secret };
}

export const registerWebhook: ConnectionsPort["registerWebhook"] = (target) => createEndpoint(target);

export const rotateWebhookSecret: ConnectionsPort["rotateWebhookSecret"] = (target) => createEndpoint(target);

async function deleteEndpoint(target: WebhookTarget, id: string): Promise<void> {
  try {
    await stripeClient(target.mode).webhookEndpoints.del(id);
  } catch (error) {
    const missing = (error as { code?: string }).code === "resource_missing";
    if (!missing) throw toStripeFailure(error, "deleting a webhook endpoint");
  }
}

export const retireWebhookSecret: ConnectionsPort["retireWebhookSecret"] = async (target, material) => {
  // The current endpoint's own secret is never retired alone: that would stop all delivery.
  if (!material.providerKeyId || material.providerKeyId === material.providerEndpointId) return;
  await deleteEndpoint(target, material.providerKeyId);
};

export const removeWebhook: ConnectionsPort["removeWebhook"] = (target, endpoint) => deleteEndpoint(target, endpoint.providerEndpointId);

/**
 * A harmless real action that makes Stripe emit signed events: a customer tagged with the nonce,
 * deleted at once. On the connected account for the Connect endpoint, on the platform otherwise.
 */
export const sendTestEvent: ConnectionsPort["sendTestEvent"] = async (target, _endpoint, nonce) => {
  if (target.mode === "live") {
    throw new DomainError("conflict", "Beacon only sends Stripe signature tests in test mode; in live mode it creates nothing on real accounts. Live deliveries show their verification result on the endpoint.");
  }
  const stripeAccount = target.kind === "stripe_connect" ? target.handle?.connection.accountId : undefined;
  if (target.kind === "stripe_connect" && !stripeAccount) {
    throw new DomainError("conflict", "Connect Stripe first: the Connect endpoint's test runs on your connected account.");
  }
  const stripe = stripeClient(target.mode);
  const options = stripeAccount ? { stripeAccount } : undefined;
  try {
    const customer = await stripe.customers.create(
      { description: "Beacon signature check (deleted at once)", metadata: { beacon_signature_check: nonce } },
      options,
    );
    await stripe.customers.del(customer.id, undefined, options);
  } catch (error) {
    throw toStripeFailure(error, "sending a test event", { accountCall: Boolean(stripeAccount) });
  }
  return { bodyContains: nonce };
};
