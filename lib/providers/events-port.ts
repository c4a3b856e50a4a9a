import "server-only";
import type { CustomerTaxInfo, InvoiceTaxLine } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { ConnectionHandle, ProviderSubscription, VerifyResult } from "./types";

/** A delivery as received: the exact raw bytes and a header reader (names are case-insensitive). */
export interface InboundDelivery {
  /** Verified as they are; parsed (and stored) as `bodyText(rawBody)`, without a BOM. */
  rawBody: Buffer;
  header(name: string): string | null;
  receivedAt: Date;
}

/**
 * A Conekta subscription lives under its customer, so retrieving one needs both ids; Stripe
 * ignores `customerId`.
 */
export interface SubscriptionRef {
  subscriptionId: string;
  customerId: string | null;
}

/**
 * The provider answered 404 for an object Beacon asked for: it no longer exists there (deleted,
 * or never existed on this account). Permanent, unlike a timeout: asking again cannot help.
 */
export class ProviderObjectNotFound extends DomainError {
  constructor(
    readonly provider: "stripe" | "conekta",
    readonly object: string,
    readonly objectId: string,
  ) {
    super("not_found", `${provider === "stripe" ? "Stripe" : "Conekta"} has no ${object} ${objectId} (404)`);
    this.name = "ProviderObjectNotFound";
  }
}

export interface ProviderInvoice {
  providerInvoiceId: string;
  providerSubscriptionId: string | null;
  providerCustomerId: string | null;
  /** Stripe: draft|open|paid|uncollectible|void; Conekta order payment_status. Plus `failed`. */
  status: string;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
  /** Stripe's automatic_tax status, `iva_included`, or `not_calculated`. */
  taxStatus: string;
  paidAt: Date | null;
  failedAt: Date | null;
  /** Payment attempts made so far (Stripe's attempt_count; Conekta: charges on the order). */
  attemptCount: number;
  number: string | null;
  taxLines: InvoiceTaxLine[];
  paymentMethod: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  providerCreatedAt: Date;
}

export interface ProviderCustomer {
  providerCustomerId: string;
  email: string | null;
  name: string | null;
  taxInfo: CustomerTaxInfo | null;
}

/** What an event means for Beacon's domain; one event can carry several (a paid Conekta order). */
export type EventChange =
  | { kind: "subscription"; subscription: ProviderSubscription }
  | { kind: "checkout"; providerCheckoutId: string }
  | { kind: "invoice"; invoice: ProviderInvoice }
  | { kind: "customer"; customer: ProviderCustomer }
  | { kind: "account"; deauthorized: boolean }
  | { kind: "ignored"; reason: string };

/** An event read back from the provider's API, for reconciliation. */
export interface ListedEvent {
  providerEventId: string;
  type: string;
  providerCreatedAt: Date;
  /** The event serialized as the provider would deliver it. */
  rawBody: string;
}

/** What a merchant can do to a subscription from Beacon; each provider's rules decide when. */
export type SubscriptionAction =
  | { kind: "pause" }
  | { kind: "resume" }
  | { kind: "cancel"; atPeriodEnd: boolean }
  | { kind: "change_plan"; priceRef: string };

/** What lib/webhooks and lib/subscriptions need from a provider. */
export interface EventsPort {
  /**
   * Verifies a delivery against each secret in turn (rotation overlap: the first that verifies
   * wins) and reads the envelope. Never throws: every failure is a reason.
   */
  verifyDelivery(delivery: InboundDelivery, secrets: readonly string[]): VerifyResult;
  /** Correlation ids of the objects an event concerns (subscription, checkout, customer, invoice). */
  eventObjectRefs(rawBody: string): Record<string, string>;
  /** Maps a stored event to Beacon's domain changes. */
  toEventChanges(rawBody: string): EventChange[];
  retrieveSubscription(handle: ConnectionHandle, ref: SubscriptionRef): Promise<ProviderSubscription>;
  /** Every subscription of the connected account (for drift detection). */
  listSubscriptions(handle: ConnectionHandle): Promise<ProviderSubscription[]>;
  /** Events the provider still holds for the account since a time, oldest first. */
  listEvents(handle: ConnectionHandle, since: Date): Promise<ListedEvent[]>;
  /** Performs the action at the provider; answers the subscription as the provider now has it. */
  changeSubscription(handle: ConnectionHandle, ref: SubscriptionRef, action: SubscriptionAction): Promise<ProviderSubscription>;
}
