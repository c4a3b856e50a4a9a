import "server-only";
import type {
  BillingCycle,
  ConnectionDetails,
  ConnectionStatus,
  CustomerTaxInfo,
  Mode,
  ProviderConnection,
  SubscriptionStatus,
} from "@/db/schema";

// Beacon's side of the provider boundary. Adapters in lib/providers/<name>/ map SDK objects to
// these types with to*() functions; no SDK type leaves that folder. One adapter per provider
// (lib/providers/index.ts), each built from one-verb files.

/** A connection as adapters need it: the row plus its decrypted credential (Conekta key). */
export interface ConnectionHandle {
  connection: Pick<ProviderConnection, "id" | "organizationId" | "provider" | "mode" | "accountId">;
  /** Conekta's private key; null for Stripe (Beacon's platform key + `Stripe-Account`). */
  credential: string | null;
}

export interface AccountSnapshot {
  /** Stripe's `acct_…`; Conekta's company id, null when Conekta does not disclose it to the key. */
  accountId: string | null;
  status: ConnectionStatus;
  details: ConnectionDetails;
}

export interface ProviderCheckout {
  providerCheckoutId: string;
  /** Beacon's checkout id as the provider echoes it (client_reference_id / metadata); null if absent. */
  beaconCheckoutId: string | null;
  url: string;
  status: "open" | "completed" | "expired" | "failed";
  expiresAt: Date | null;
  providerCustomerId: string | null;
  providerSubscriptionId: string | null;
  customer: { email: string | null; name: string | null; taxInfo: CustomerTaxInfo | null } | null;
}

export interface ProviderSubscription {
  providerSubscriptionId: string;
  providerCustomerId: string | null;
  status: SubscriptionStatus;
  providerStatus: string;
  /** The provider's price/plan id, to find Beacon's plan. */
  priceRef: string | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  trialEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: Date | null;
  /**
   * The newest time the object itself carries (created, period start, trial start, pause,
   * cancellation), on the provider's clock: the sandbox's or a test clock's, which may run weeks
   * ahead of the wall clock. A retrieval is at least this new; null if the object names no time.
   */
  asOf: Date | null;
}

export interface CheckoutRequest {
  checkoutId: string;
  priceRef: string;
  billingCycle: BillingCycle;
  /** What the buyer is charged, for providers that need order lines (Conekta). */
  plan: { id: string; code: string; name: string; currency: string; unitAmount: number };
  trialDays: number;
  customer: { email?: string; name?: string; reference?: string; phone?: string } | null;
  /** Beacon's return page; the provider sends the buyer back here. */
  successUrl: string;
  cancelUrl: string;
  automaticTax: boolean;
  /** Derived from Beacon's Idempotency-Key so a retried provider call never creates two sessions. */
  idempotencyKey: string;
}

export interface VerifiedEvent {
  providerEventId: string;
  type: string;
  /** `acct_…` of the connected account (Stripe Connect); '' for the platform. */
  account: string;
  livemode: boolean;
  providerCreatedAt: Date;
  /** The provider API version the event is rendered at (Stripe's `api_version`); null when it says none. */
  apiVersion: string | null;
  /** Correlation ids (subscription, checkout, customer, invoice), read while the body is parsed anyway. */
  objectRefs: Record<string, string>;
}

export type VerifyResult =
  | { ok: true; event: VerifiedEvent; secretIndex: number }
  | { ok: false; reason: "missing_signature" | "bad_signature" | "timestamp_out_of_tolerance" | "unparseable"; detail: string; skewSeconds: number | null };

export type { Mode };
