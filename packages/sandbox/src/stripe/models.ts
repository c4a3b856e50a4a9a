import type { Metadata } from "../http/params";

// The sandbox keeps typed models and renders Stripe's full objects on the way
// out (see render-*.ts), so business logic never pokes at untyped JSON.

export interface Requirements {
  currently_due: string[];
  eventually_due: string[];
  past_due: string[];
  pending_verification: string[];
  disabled_reason: string | null;
  current_deadline: number | null;
}

export interface AccountModel {
  id: string;
  created: number;
  type: "standard" | "express" | "custom" | "none";
  controllerType: "account" | "application";
  email: string | null;
  country: string;
  default_currency: string;
  business_type: string | null;
  business_profile: { name: string | null; url: string | null; product_description: string | null; support_phone: string | null };
  metadata: Metadata;
  details_submitted: boolean;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  requirements: Requirements;
  tos_acceptance: { date: number | null; ip: string | null; user_agent: string | null };
}

export interface AccountLinkModel {
  id: string;
  account: string;
  created: number;
  expires_at: number;
  type: string;
  refresh_url: string;
  return_url: string;
  // Single use: the first visit consumes the link and mints the form token.
  used: boolean;
  form_token: string | null;
  completed: boolean;
}

export interface ProductModel {
  id: string;
  created: number;
  updated: number;
  active: boolean;
  name: string;
  description: string | null;
  default_price: string | null;
  tax_code: string | null;
  metadata: Metadata;
}

export interface Recurring {
  interval: "day" | "week" | "month" | "year";
  interval_count: number;
  trial_period_days: number | null;
}

export interface PriceModel {
  id: string;
  created: number;
  active: boolean;
  currency: string;
  product: string;
  unit_amount: number;
  recurring: Recurring | null;
  nickname: string | null;
  lookup_key: string | null;
  tax_behavior: "exclusive" | "inclusive" | "unspecified";
  metadata: Metadata;
  /** Deleted through `DELETE /v1/plans/:id`: gone from the Plans API, still referenced by subscriptions. */
  plan_deleted?: boolean;
}

export interface AddressModel {
  country: string | null;
  postal_code: string | null;
}

export interface CustomerModel {
  id: string;
  created: number;
  email: string | null;
  name: string | null;
  description: string | null;
  phone: string | null;
  address: AddressModel | null;
  metadata: Metadata;
  invoice_prefix: string;
  next_invoice_sequence: number;
  delinquent: boolean;
  currency: string | null;
  default_payment_method: string | null;
  deleted: boolean;
  /** The test clock the customer is bound to (and its subscriptions and invoices with it). */
  test_clock?: string | null;
}

export interface TaxIdModel {
  id: string;
  created: number;
  customer: string;
  type: string;
  value: string;
  country: string | null;
}

// "attach_fails_later" is 4000000000000341: attaches fine, every charge declines (but the hosted Checkout page; README "Known differences").
// "requires_3ds" asks for authentication on every payment; "disputes" succeeds, then is disputed.
export type CardBehavior = "succeeds" | "declines" | "attach_fails_later" | "requires_3ds" | "disputes";

export interface PaymentMethodModel {
  id: string;
  created: number;
  customer: string | null;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  behavior: CardBehavior;
  decline_code: string | null;
  email: string | null;
  /** "card" unless created for a delayed-notification method (us_bank_account, sepa_debit). */
  type?: string;
  metadata?: Metadata;
}
