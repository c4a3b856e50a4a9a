import type { SandboxEngine } from "../engine";
import { renderPlan, renderPrice } from "./render-core";
import type { PriceModel } from "./models";
import type { SubscriptionItemModel, SubscriptionModel } from "./models-billing";

type Obj = Record<string, unknown>;

export function priceOf(engine: SandboxEngine, id: string): PriceModel | undefined {
  return engine.store.get("price", id);
}

export function renderSubscriptionItem(engine: SandboxEngine, sub: SubscriptionModel, item: SubscriptionItemModel): Obj {
  const price = priceOf(engine, item.price);
  return {
    id: item.id,
    object: "subscription_item",
    billing_thresholds: null,
    created: item.created,
    current_period_end: item.current_period_end,
    current_period_start: item.current_period_start,
    // Trial offers are not modelled; trials live on the subscription (trial_start/trial_end).
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: price ? renderPlan(price) : null,
    price: price ? renderPrice(price) : item.price,
    quantity: item.quantity,
    subscription: sub.id,
    tax_rates: [],
  };
}

export function renderSubscription(engine: SandboxEngine, s: SubscriptionModel): Obj {
  return {
    id: s.id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: s.automatic_tax, liability: s.automatic_tax ? { type: "self" } : null },
    billing_cycle_anchor: s.billing_cycle_anchor,
    billing_cycle_anchor_config: null,
    billing_mode: { type: "flexible", flexible: { proration_discounts: "included" }, updated_at: s.created },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: s.cancel_at,
    cancel_at_period_end: s.cancel_at_period_end,
    canceled_at: s.canceled_at,
    cancellation_details: { comment: null, feedback: null, reason: s.cancellation_reason },
    collection_method: "charge_automatically",
    created: s.created,
    currency: s.currency,
    customer: s.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: s.default_payment_method,
    default_source: null,
    default_tax_rates: [],
    description: s.description,
    discounts: [],
    ended_at: s.ended_at,
    invoice_settings: { account_tax_ids: null, issuer: { type: "self" } },
    items: {
      object: "list",
      data: s.items.map((item) => renderSubscriptionItem(engine, s, item)),
      has_more: false,
      total_count: s.items.length,
      url: `/v1/subscription_items?subscription=${s.id}`,
    },
    latest_invoice: s.latest_invoice,
    livemode: false,
    managed_payments: null,
    metadata: s.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: s.pause_collection,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: s.start_date,
    status: s.status,
    test_clock: engine.store.get("customer", s.customer)?.test_clock ?? null,
    transfer_data: null,
    trial_end: s.trial_end,
    trial_settings: { end_behavior: { missing_payment_method: s.trial_missing_payment_method ?? "create_invoice" } },
    trial_start: s.trial_start,
  };
}
