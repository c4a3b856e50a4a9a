import type { SandboxEngine } from "../engine";
import type { ChargeModel, CheckoutModel, OrderModel } from "./models-orders";
import { embeddedList } from "./render";

type Obj = Record<string, unknown>;

const CHECKOUT_PATH = "/conekta/checkout";

export function renderCharge(charge: ChargeModel): Obj {
  const paid = charge.status === "paid";
  return {
    id: charge.id,
    object: "charge",
    livemode: false,
    created_at: charge.created_at,
    currency: charge.currency,
    amount: charge.amount,
    status: charge.status,
    paid_at: charge.paid_at,
    failure_code: charge.failure_code,
    failure_message: charge.failure_message,
    description: charge.description,
    customer_id: charge.customer_id,
    order_id: charge.order_id,
    reference_id: null,
    payment_method: {
      object: "card_payment",
      type: charge.card.card_type,
      account_type: charge.card.card_type === "credit" ? "Credit" : "Debit",
      name: charge.card.name,
      brand: charge.card.brand,
      last4: charge.card.last4,
      exp_month: charge.card.exp_month,
      exp_year: charge.card.exp_year,
      issuer: "BANAMEX",
      country: "MX",
      auth_code: paid ? charge.id.slice(-6).toUpperCase() : null,
      fraud_indicators: [],
    },
  };
}

export function renderCheckout(engine: SandboxEngine, checkout: CheckoutModel): Obj {
  const out: Obj = {
    id: checkout.id,
    object: "checkout",
    type: checkout.type,
    name: checkout.name,
    livemode: false,
    status: checkout.status,
    slug: checkout.id.replace(/-/g, ""),
    allowed_payment_methods: checkout.allowed_payment_methods,
    exclude_card_networks: [],
    starts_at: checkout.created_at,
    expires_at: checkout.expires_at,
    can_not_expire: false,
    success_url: checkout.success_url,
    failure_url: checkout.failure_url,
    is_redirect_on_failure: checkout.failure_url !== null,
    redirection_time: checkout.redirection_time,
    max_failed_retries: checkout.max_failed_retries,
    force_3ds_flow: false,
    // Subscriptions keep the card for renewals.
    force_save_card: checkout.plan_ids.length > 0,
    monthly_installments_enabled: false,
    monthly_installments_options: [],
    needs_shipping_contact: false,
    on_demand_enabled: false,
    recurrent: false,
    paid_payments_count: checkout.paid_payments_count,
    emails_sent: 0,
    sms_sent: 0,
    metadata: checkout.metadata,
  };
  // Only a HostedPayment checkout has a page to send the buyer to.
  if (checkout.type === "HostedPayment") out.url = `${engine.baseUrl}${CHECKOUT_PATH}/${checkout.id}`;
  return out;
}

export function renderOrder(engine: SandboxEngine, account: string, order: OrderModel): Obj {
  const charges = order.charge_ids
    .map((id) => engine.conekta.get("charge", id, account))
    .filter((c): c is ChargeModel => c !== undefined);
  const info = order.customer_info;
  const customerInfo: Obj = { object: "customer_info", name: info.name, email: info.email, phone: info.phone, corporate: info.corporate };
  if (info.customer_id) customerInfo.customer_id = info.customer_id;
  const out: Obj = {
    id: order.id,
    object: "order",
    livemode: false,
    amount: order.amount,
    amount_refunded: 0,
    currency: order.currency,
    customer_info: customerInfo,
    line_items: embeddedList(
      order.line_items.map((item) => ({ ...item, object: "line_item", parent_id: order.id, antifraud_info: {} })),
    ),
    charges: embeddedList(charges.map(renderCharge)),
    metadata: order.metadata,
    is_refundable: false,
    processing_mode: order.processing_mode,
    created_at: order.created_at,
    updated_at: order.updated_at,
  };
  if (order.payment_status) out.payment_status = order.payment_status;
  const checkout = order.checkout_id ? engine.conekta.get("checkout", order.checkout_id, account) : undefined;
  if (checkout) out.checkout = renderCheckout(engine, checkout);
  return out;
}
