import type { Metadata } from "../http/params";
import type { AddressModel } from "./models";

export interface LineItemInput {
  price: string;
  quantity: number;
}

export interface CheckoutSessionModel {
  id: string;
  created: number;
  expires_at: number;
  status: "open" | "complete" | "expired";
  payment_status: "paid" | "unpaid" | "no_payment_required";
  mode: "subscription" | "payment" | "setup";
  success_url: string | null;
  cancel_url: string | null;
  client_reference_id: string | null;
  metadata: Metadata;
  customer: string | null;
  customer_email: string | null;
  line_items: LineItemInput[];
  subscription_metadata: Metadata;
  trial_period_days: number | null;
  automatic_tax: boolean;
  tax_id_collection: boolean;
  currency: string;
  amount_subtotal: number;
  amount_tax: number;
  amount_total: number;
  customer_details: {
    email: string;
    name: string | null;
    address: AddressModel;
    tax_ids: { type: string; value: string }[];
  } | null;
  subscription: string | null;
  invoice: string | null;
  locale: string | null;
  last_error: string | null;
  /** Payment/setup modes: `always` makes a customer; absent = `if_required`. */
  customer_creation?: "always" | "if_required";
  /** Payment mode: the PaymentIntent that paid the session. */
  payment_intent?: string | null;
}

export interface SubscriptionItemModel {
  id: string;
  created: number;
  price: string;
  quantity: number;
  current_period_start: number;
  current_period_end: number;
}

export type SubscriptionStatus =
  | "incomplete"
  | "incomplete_expired"
  | "trialing"
  | "active"
  | "past_due"
  | "canceled"
  | "unpaid"
  | "paused";

export interface SubscriptionModel {
  id: string;
  created: number;
  customer: string;
  status: SubscriptionStatus;
  items: SubscriptionItemModel[];
  metadata: Metadata;
  description: string | null;
  currency: string;
  billing_cycle_anchor: number;
  start_date: number;
  cancel_at_period_end: boolean;
  cancel_at: number | null;
  canceled_at: number | null;
  ended_at: number | null;
  cancellation_reason: string | null;
  trial_start: number | null;
  trial_end: number | null;
  latest_invoice: string | null;
  default_payment_method: string | null;
  pause_collection: { behavior: string; resumes_at: number | null } | null;
  automatic_tax: boolean;
  tax_country: string | null;
  trial_will_end_notified: boolean;
  /** trial_settings.end_behavior.missing_payment_method; absent = create_invoice. */
  trial_missing_payment_method?: "create_invoice" | "pause" | "cancel";
}

export interface InvoiceLineModel {
  id: string;
  /** Null for a one-off invoice item priced by `amount`. */
  price: string | null;
  quantity: number;
  amount: number;
  tax: number;
  description: string;
  period_start: number;
  period_end: number;
  subscription_item: string | null;
  /** Set when the line comes from an invoice item (`/v1/invoiceitems`). */
  invoice_item?: string | null;
}

export interface InvoiceModel {
  id: string;
  created: number;
  customer: string;
  subscription: string | null;
  subscription_metadata: Metadata | null;
  status: "draft" | "open" | "paid" | "uncollectible" | "void";
  billing_reason: string;
  currency: string;
  lines: InvoiceLineModel[];
  subtotal: number;
  tax: number;
  tax_percent: number | null;
  total: number;
  amount_paid: number;
  attempt_count: number;
  next_payment_attempt: number | null;
  automatically_finalizes_at: number | null;
  number: string | null;
  period_start: number;
  period_end: number;
  finalized_at: number | null;
  paid_at: number | null;
  voided_at: number | null;
  automatic_tax: boolean;
  payment_intent: string | null;
  customer_email: string | null;
  customer_name: string | null;
  metadata: Metadata;
  // Added with invoices created by API; absent from older state files.
  description?: string | null;
  auto_advance?: boolean;
  /** `send_invoice` invoices are emailed with a due date instead of charged (absent: charge_automatically). */
  collection_method?: "charge_automatically" | "send_invoice";
  due_date?: number | null;
  /** What issued pre-payment credit notes take off the amount due. */
  pre_payment_credited?: number;
  /** The payment method `/pay` was told to use. */
  default_payment_method?: string | null;
}

/** A pending or invoiced one-off charge (`/v1/invoiceitems`). */
export interface InvoiceItemModel {
  id: string;
  created: number;
  customer: string;
  amount: number;
  currency: string;
  description: string | null;
  invoice: string | null;
  price: string | null;
  quantity: number;
  metadata: Metadata;
  period_start: number;
  period_end: number;
}

/** `/v1/test_helpers/test_clocks`: each has its own time for the objects bound to it; see README "Known differences". */
export interface TestClockModel {
  id: string;
  created: number;
  frozen_time: number;
  name: string | null;
  status: "ready" | "advancing";
}

export interface PaymentIntentModel {
  id: string;
  created: number;
  amount: number;
  currency: string;
  customer: string | null;
  status: "requires_payment_method" | "requires_confirmation" | "requires_action" | "requires_capture" | "succeeded" | "canceled" | "processing";
  payment_method: string | null;
  latest_charge: string | null;
  last_payment_error: { code: string; decline_code: string; message: string } | null;
  description: string | null;
  invoice: string | null;
  // Set by the payment intents API (payment-intents.ts); absent on invoice payments.
  capture_method?: "automatic" | "automatic_async" | "manual";
  metadata?: Record<string, string>;
  payment_method_types?: string[];
  canceled_at?: number | null;
  cancellation_reason?: string | null;
  transfer_data?: { destination: string; amount?: number } | null;
  amount_received?: number;
}

export interface ChargeModel {
  id: string;
  created: number;
  amount: number;
  currency: string;
  customer: string | null;
  payment_intent: string;
  payment_method: string;
  status: "succeeded" | "failed" | "pending";
  failure_code: string | null;
  failure_message: string | null;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  billing_email: string | null;
  description: string | null;
  // Set by the payments API (charges.ts, refunds, disputes); absent means the defaults.
  captured?: boolean;
  amount_captured?: number;
  amount_refunded?: number;
  dispute?: string | null;
  metadata?: Record<string, string>;
  payment_method_type?: string;
}

export interface WebhookEndpointModel {
  id: string;
  created: number;
  url: string;
  enabled_events: string[];
  connect: boolean;
  secret: string;
  description: string | null;
  metadata: Metadata;
  status: "enabled" | "disabled";
  api_version: string | null;
}

export interface EventModel {
  id: string;
  created: number;
  type: string;
  // Set when the event originated in a connected account (Connect events).
  account: string | null;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  request: { id: string | null; idempotency_key: string | null };
  pending_webhooks: number;
}
