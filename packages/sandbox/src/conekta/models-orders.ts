import type { CardDetails, CardModel, Metadata } from "./models";

// Orders, charges, hosted checkouts, webhooks and events of the Conekta sandbox.

export interface LineItemModel {
  id: string;
  name: string;
  unit_price: number;
  quantity: number;
  sku: string | null;
  description: string | null;
  metadata: Metadata;
}

export interface CustomerInfoModel {
  customer_id: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  corporate: boolean;
}

export type OrderPaymentStatus = "pending_payment" | "paid" | "declined" | "expired";

export interface OrderModel {
  id: string;
  created_at: number;
  updated_at: number;
  amount: number;
  currency: string;
  payment_status: OrderPaymentStatus | null;
  customer_info: CustomerInfoModel;
  line_items: LineItemModel[];
  metadata: Metadata;
  charge_ids: string[];
  checkout_id: string | null;
  processing_mode: "ecommerce" | "recurrent";
}

export interface ChargeModel {
  id: string;
  created_at: number;
  order_id: string;
  customer_id: string;
  amount: number;
  currency: string;
  status: "paid" | "declined";
  paid_at: number | null;
  failure_code: CardModel["decline"];
  failure_message: string | null;
  payment_source_id: string | null;
  card: CardDetails;
  description: string;
}

export interface CheckoutModel {
  id: string;
  created_at: number;
  order_id: string;
  type: "HostedPayment" | "Integration";
  name: string;
  allowed_payment_methods: string[];
  plan_ids: string[];
  success_url: string | null;
  failure_url: string | null;
  expires_at: number;
  status: "Issued" | "Finalized" | "Expired";
  paid_payments_count: number;
  redirection_time: number | null;
  max_failed_retries: number | null;
  metadata: Metadata;
}

export interface WebhookModel {
  id: string;
  created_at: number;
  url: string;
  subscribed_events: string[];
  active: boolean;
  description: string;
}

export interface WebhookKeyModel {
  id: string;
  created_at: number;
  active: boolean;
  deactivated_at: number | null;
  public_key: string;
  private_key: string;
}

export interface WebhookLogModel {
  id: string;
  webhook_id: string;
  url: string;
  failed_attempts: number;
  /** -1 until the first attempt, as Conekta shows it. */
  last_http_response_status: number;
  last_attempted_at: number;
  state: "pending" | "delivered" | "failed";
}

export interface EventModel {
  id: string;
  created_at: number;
  type: string;
  data: Record<string, unknown>;
  webhook_logs: WebhookLogModel[];
}

