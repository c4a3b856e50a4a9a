import "server-only";
import type { BillingCycle } from "@/db/schema";
import type { CheckoutRequest, ConnectionHandle, ProviderCheckout } from "./types";

/** A plan price as Beacon holds it, to be created at the provider when first needed. */
export interface PlanPriceInput {
  planId: string;
  planCode: string;
  planName: string;
  currency: string;
  /** Minor units. */
  unitAmount: number;
  billingCycle: BillingCycle;
  trialDays: number;
  /** Stripe: a product already made for another cycle of this plan, reused for this price. */
  existingProductRef: string | null;
  /** Stable per plan price and connection, so a retried sync creates nothing twice. */
  idempotencyKey: string;
}

export interface SyncedPlanPrice {
  /** Stripe product id; null for Conekta, whose plan is one object. */
  productRef: string | null;
  /** Stripe price id or Conekta plan id: what a checkout is created from. */
  priceRef: string;
}

/** What lib/plans and lib/checkouts need from a provider. */
export interface CheckoutsPort {
  /** Creates the provider's product/price (Stripe) or plan (Conekta) for one plan price. */
  syncPlanPrice(handle: ConnectionHandle, input: PlanPriceInput): Promise<SyncedPlanPrice>;
  /** A hosted subscription checkout (Stripe Checkout Session; Conekta order with HostedPayment). */
  createCheckout(handle: ConnectionHandle, req: CheckoutRequest): Promise<ProviderCheckout>;
  /** The checkout as the provider holds it now, mapped to Beacon's states. */
  retrieveCheckout(handle: ConnectionHandle, providerCheckoutId: string): Promise<ProviderCheckout>;
}
