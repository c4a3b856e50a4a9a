import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { mode } from "./api-tokens";
import { organizations } from "./organizations";

import { provider } from "./provider-enum";

export { provider };

/** Derived from the provider's account; `disconnected` is kept and shown, never deleted. */
export const connectionStatus = pgEnum("connection_status", [
  "not_started",
  "in_progress",
  "pending_verification",
  "restricted",
  "enabled",
  "disconnected",
]);

/** What the provider says about the account, as last retrieved or received. */
export interface ConnectionDetails {
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  requirements: { currentlyDue: string[]; pastDue: string[]; eventuallyDue: string[]; disabledReason: string | null };
  country?: string | null;
  email?: string | null;
  name?: string | null;
}

/**
 * Encrypted material (AES-256-GCM). `keyId` names the master key that sealed it so the master
 * key can be rotated: rows are re-sealed under the new key, old keys only ever decrypt.
 */
export const vaultSecrets = pgTable(
  "vault_secrets",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid().references(() => organizations.id, { onDelete: "cascade" }),
    purpose: text().notNull(),
    keyId: text().notNull(),
    /** base64(iv ‖ auth tag ‖ ciphertext) */
    ciphertext: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.keyId)],
);

/** One organization's account at one provider in one mode. */
export const providerConnections = pgTable(
  "provider_connections",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    provider: provider().notNull(),
    mode: mode().notNull(),
    status: connectionStatus().notNull().default("not_started"),
    /** `acct_…` for Stripe; the Conekta company id for Conekta. */
    accountId: text(),
    details: jsonb().$type<ConnectionDetails>(),
    /** Conekta: the merchant's private key, sealed in the vault. */
    credentialSecretId: uuid().references(() => vaultSecrets.id, { onDelete: "set null" }),
    /** Last four characters of the credential, safe to show. */
    credentialHint: text(),
    lastSyncedAt: timestamp({ withTimezone: true }),
    disconnectedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.organizationId, t.provider, t.mode), index().on(t.provider, t.accountId)],
);

export const webhookEndpointKind = pgEnum("webhook_endpoint_kind", ["stripe_platform", "stripe_connect", "conekta", "stripe_forwarding"]);

/**
 * An endpoint Beacon registered with a provider. Stripe's two endpoints belong to Beacon's
 * platform account (organizationId null) and receive every connected account's events;
 * a Conekta endpoint belongs to one connection. A `stripe_forwarding` endpoint is a developer's
 * `stripe listen` session, registered by one organization (test mode only): its URL names it and
 * its secret is the `whsec_` the Stripe CLI printed; Stripe itself knows nothing of it.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid().references(() => organizations.id, { onDelete: "cascade" }),
    connectionId: uuid().references(() => providerConnections.id, { onDelete: "cascade" }),
    provider: provider().notNull(),
    mode: mode().notNull(),
    kind: webhookEndpointKind().notNull(),
    /** `we_…` or the Conekta webhook id. */
    providerEndpointId: text().notNull(),
    url: text().notNull(),
    enabled: boolean().notNull().default(true),
    lastDeliveryAt: timestamp({ withTimezone: true }),
    /** `verified`, or the reason the last delivery was rejected. */
    lastVerification: text(),
    /** Forwarding endpoints: the secret's last four characters, safe to show (`whsec_…abcd`). */
    secretHint: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId), index().on(t.connectionId), index().on(t.provider, t.mode, t.kind)],
);

export const webhookSecretStatus = pgEnum("webhook_secret_status", ["active", "retiring", "retired"]);

/**
 * Verification material of an endpoint: Stripe's `whsec_` or Conekta's webhook public key.
 * During a rotation the old one is `retiring` and still verifies until `retiresAt`.
 */
export const webhookSecrets = pgTable(
  "webhook_secrets",
  {
    id: uuid().primaryKey().defaultRandom(),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    secretId: uuid()
      .notNull()
      .references(() => vaultSecrets.id),
    /** Conekta's webhook key id; null for Stripe. */
    providerKeyId: text(),
    status: webhookSecretStatus().notNull().default("active"),
    retiresAt: timestamp({ withTimezone: true }),
    verifiedCount: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.endpointId, t.status)],
);

export type Provider = (typeof provider.enumValues)[number];
export type ConnectionStatus = (typeof connectionStatus.enumValues)[number];
export type ProviderConnection = typeof providerConnections.$inferSelect;
export type VaultSecret = typeof vaultSecrets.$inferSelect;
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookEndpointKind = (typeof webhookEndpointKind.enumValues)[number];
export type WebhookSecret = typeof webhookSecrets.$inferSelect;
