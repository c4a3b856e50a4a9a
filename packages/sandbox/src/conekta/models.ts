import type { ChargeModel, CheckoutModel, EventModel, OrderModel, WebhookKeyModel, WebhookModel } from "./models-orders";

// Typed Conekta models (API 2.3); orders, charges, checkouts, webhooks and events are in
// models-orders.ts. Renderers in render*.ts produce the wire objects, so business logic never
// pokes at untyped JSON. Every record belongs to one sandbox account.

export type Metadata = Record<string, unknown>;

export interface AccountModel {
  id: string;
  created_at: number;
  name: string;
  private_key: string;
  public_key: string;
}

// "attach_fails_later" (4000 0000 0000 0341, tok_test_visa_0341): the first, buyer-present
// charge passes, recurring charges decline.
export type CardBehavior = "succeeds" | "declines" | "attach_fails_later";

export interface CardDetails {
  name: string;
  brand: string;
  last4: string;
  bin: string;
  exp_month: string;
  exp_year: string;
  card_type: "credit" | "debit";
}

export interface CardModel extends CardDetails {
  id: string;
  created_at: number;
  customer_id: string;
  behavior: CardBehavior;
  decline: "card_declined" | "insufficient_funds" | null;
}

export interface FiscalEntityModel {
  id: string;
  created_at: number;
  customer_id: string;
  tax_id: string | null;
  company_name: string | null;
  email: string | null;
  phone: string | null;
  address: Record<string, string>;
  metadata: Metadata;
}

export interface CustomerModel {
  id: string;
  created_at: number;
  name: string;
  email: string;
  phone: string;
  corporate: boolean;
  custom_reference: string;
  metadata: Metadata;
  default_payment_source_id: string | null;
  default_fiscal_entity_id: string | null;
}

export type PlanInterval = "week" | "half_month" | "month" | "year";

export interface PlanModel {
  id: string;
  created_at: number;
  name: string;
  amount: number;
  currency: string;
  interval: PlanInterval;
  frequency: number;
  trial_period_days: number;
  expiry_count: number | null;
  max_retries: number;
  retry_delay_hours: number;
}

export type SubscriptionStatus = "in_trial" | "active" | "past_due" | "paused" | "canceled";

export interface SubscriptionModel {
  id: string;
  created_at: number;
  customer_id: string;
  plan_id: string;
  card_id: string | null;
  status: SubscriptionStatus;
  subscription_start: number;
  billing_cycle_start: number | null;
  billing_cycle_end: number | null;
  trial_start: number | null;
  trial_end: number | null;
  paused_at: number | null;
  canceled_at: number | null;
  canceled_reason: string | null;
  charge_id: string | null;
  last_billing_cycle_order_id: string | null;
  /** Cycles billed so far, against the plan's expiry_count. */
  cycles_billed: number;
  /** Failed retries of the current cycle's payment, and when the next one runs. */
  retries: number;
  next_retry_at: number | null;
}

/** The tokenizer's checkout request (`POST /tokens` with `checkout.returns_control_on: "Token"`). */
export interface CheckoutRequestModel {
  id: string;
  name: string;
  starts_at: number;
  expires_at: number;
}

/**
 * A one-time card token (`tok_…`): from `POST /tokens` with card data, or a checkout request
 * whose card the tokenizer page fills in. Spent by the first customer, payment source or order
 * that uses it.
 */
export interface TokenModel {
  id: string;
  created_at: number;
  expires_at: number;
  used: boolean;
  checkout: CheckoutRequestModel | null;
  /** Null until the tokenizer has the card. */
  card: (CardDetails & Pick<CardModel, "behavior" | "decline">) | null;
}

export interface ConektaModels {
  account: AccountModel;
  customer: CustomerModel;
  payment_source: CardModel;
  fiscal_entity: FiscalEntityModel;
  plan: PlanModel;
  subscription: SubscriptionModel;
  order: OrderModel;
  charge: ChargeModel;
  checkout: CheckoutModel;
  webhook: WebhookModel;
  webhook_key: WebhookKeyModel;
  event: EventModel;
  token: TokenModel;
}
