import type { ConnectionDetails, ConnectionStatus, Provider } from "@/db/schema";
import { STRIPE_API_VERSION } from "./stripe/api-version";

/**
 * How providers differ in ways the domain must act on, as capabilities, so no code outside
 * lib/providers asks which provider it is talking to. Client-safe: labels are read by the UI.
 */
export interface ProviderTraits {
  /** The name people read. */
  label: string;
  /**
   * "platform": one Beacon endpoint per mode receives every connected account's events, which
   * name their account (Stripe Connect). "connection": each connection has its own endpoint, whose
   * URL names the connection, and events carry the connection as their account (Conekta).
   */
  webhooks: "platform" | "connection";
  /** Beacon's own secret key for the mode must be configured before anyone connects (a Connect platform). */
  needsPlatformKey: boolean;
  /**
   * When a plan change takes effect. "now": the provider bills the new plan at once (Stripe,
   * prorated). "next_cycle": the subscription already names the new plan, but the current cycle
   * was billed at the old one and the new one is charged from the renewal (Conekta's guide).
   */
  planChange: "now" | "next_cycle";
  /** The provider keeps one live subscription per customer, whatever the plan. */
  oneSubscriptionPerCustomer: boolean;
  /** What a checkout must bring: billable currencies (null: any) and buyer fields created up front. */
  checkout: { currencies: readonly string[] | null; requiredCustomerFields: readonly ("email" | "name" | "phone")[] };
  /**
   * The API version Beacon's SDK speaks, which events name (Stripe's `api_version`); null when the
   * provider's events name none. An endpoint delivering another version needs the upgrade path.
   */
  apiVersion: string | null;
  /** Whether a connection can take payments: the account's own word when it gives one, else being enabled. */
  canCharge(connection: { status: ConnectionStatus; details: ConnectionDetails | null }): boolean;
}

const traits: Record<Provider, ProviderTraits> = {
  stripe: {
    label: "Stripe",
    webhooks: "platform",
    needsPlatformKey: true,
    planChange: "now",
    oneSubscriptionPerCustomer: false,
    checkout: { currencies: null, requiredCustomerFields: [] },
    apiVersion: STRIPE_API_VERSION,
    canCharge: (c) => c.details?.chargesEnabled === true,
  },
  conekta: {
    label: "Conekta",
    webhooks: "connection",
    needsPlatformKey: false,
    planChange: "next_cycle",
    oneSubscriptionPerCustomer: true,
    checkout: { currencies: ["mxn", "usd"], requiredCustomerFields: ["email", "name", "phone"] },
    apiVersion: null,
    canCharge: (c) => c.status === "enabled",
  },
};

export function traitsOf(provider: Provider): ProviderTraits {
  return traits[provider];
}

export const providerLabel = (provider: Provider) => traits[provider].label;

/** The `account` a connection's webhook events carry: the provider's account id, or the connection itself. */
export function webhookAccountOf(connection: { id: string; provider: Provider; accountId: string | null }): string {
  return traits[connection.provider].webhooks === "connection" ? connection.id : (connection.accountId ?? "");
}
