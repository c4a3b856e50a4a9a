import "server-only";
import type { WebhookEndpointKind } from "@/db/schema";
import type { AccountSnapshot, ConnectionHandle, Mode } from "./types";

/** Where a provider should deliver Beacon's events. */
export interface WebhookTarget {
  mode: Mode;
  kind: WebhookEndpointKind;
  url: string;
  /** Conekta: the connection whose account holds the webhook. Stripe: null (platform endpoints). */
  handle: ConnectionHandle | null;
}

/** A registered endpoint as the provider describes it, with the material Beacon keeps in the vault. */
export interface WebhookMaterial {
  providerEndpointId: string;
  /** The provider object the secret belongs to: Stripe's `we_…` (one secret per endpoint), Conekta's webhook key id. */
  providerKeyId: string;
  /** Stripe's `whsec_…`, or Conekta's webhook public key (PEM). */
  secret: string;
}

/** How to recognize the signed event a test made the provider send. */
export interface TestEventProbe {
  /** A string the event's raw body contains (Stripe: a nonce in metadata). */
  bodyContains?: string;
  /** The event type the provider sends for a test (Conekta: `webhook_ping`). */
  type?: string;
}

/** The account behind a connection is gone: deauthorized, deleted, or the key revoked. */
export class AccountGoneError extends Error {}

/**
 * The provider refused a new webhook because the account already has as many as it allows
 * (Conekta: 10). Permanent until someone deletes one; carries the account's webhooks so the
 * caller can say which exist.
 */
export class WebhookLimitReached extends Error {
  constructor(
    readonly provider: "stripe" | "conekta",
    readonly webhooks: { id: string; url: string }[],
    readonly providerMessage: string,
  ) {
    super(`The ${provider} account has no room for another webhook (${webhooks.length} registered): ${providerMessage}`);
    this.name = "WebhookLimitReached";
  }
}

/**
 * What lib/connections needs from a provider. Members marked with the provider's name exist only
 * on that adapter: Stripe connects through hosted onboarding, Conekta with the merchant's key.
 */
export interface ConnectionsPort {
  /** Re-reads the account and derives Beacon's status from it; AccountGoneError when it is gone. */
  retrieveAccount(handle: ConnectionHandle): Promise<AccountSnapshot>;
  /** Stripe: a Standard connected account on Beacon's platform. */
  createAccount?(mode: Mode, input: { organizationId: string; organizationName: string; email: string | null }): Promise<AccountSnapshot>;
  /** Stripe: a single-use hosted onboarding link for the account. */
  createOnboardingLink?(handle: ConnectionHandle, urls: { returnUrl: string; refreshUrl: string }): Promise<{ url: string; expiresAt: Date }>;
  /** Conekta: proves a private key with a real API call; the account it opens. */
  verifyCredential?(mode: Mode, credential: string): Promise<AccountSnapshot>;
  /** Registers Beacon's endpoint at `target.url` with a fresh verification secret. */
  registerWebhook(target: WebhookTarget): Promise<WebhookMaterial>;
  /** New verification material for a registered endpoint; the old material keeps working until retired. */
  rotateWebhookSecret(target: WebhookTarget, current: { providerEndpointId: string }): Promise<WebhookMaterial>;
  /** Removes retired material at the provider; already gone counts as done. */
  retireWebhookSecret(target: WebhookTarget, material: { providerEndpointId: string; providerKeyId: string | null }): Promise<void>;
  /** Deletes an endpoint at the provider (a stale URL, or one Beacon could not save); already gone counts as done. */
  removeWebhook(target: WebhookTarget, endpoint: { providerEndpointId: string }): Promise<void>;
  /** Makes the provider send a real signed event to the endpoint. */
  sendTestEvent(target: WebhookTarget, endpoint: { providerEndpointId: string }, nonce: string): Promise<TestEventProbe>;
}
