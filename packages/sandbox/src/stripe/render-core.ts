import { API_VERSION, type SandboxEngine } from "../engine";
import type { AccountModel, CustomerModel, PriceModel, ProductModel, TaxIdModel } from "./models";
import type { EventModel, WebhookEndpointModel } from "./models-billing";

// Renderers produce the exact top-level key set of Stripe's objects (checked by
// shape.test.ts against Stripe's own fixtures), filling unsupported fields with
// Stripe's defaults.

type Obj = Record<string, unknown>;
const NULL_ADDRESS = { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };

export function renderAccount(a: AccountModel): Obj {
  const enabled = a.charges_enabled ? "active" : "inactive";
  const req = { alternatives: [], errors: [], ...a.requirements };
  return {
    id: a.id,
    object: "account",
    business_profile: {
      annual_revenue: null,
      estimated_worker_count: null,
      mcc: null,
      minority_owned_business_designation: null,
      support_address: NULL_ADDRESS,
      support_email: null,
      support_url: null,
      ...a.business_profile,
    },
    business_type: a.business_type,
    capabilities: { card_payments: enabled, transfers: a.payouts_enabled ? "active" : "inactive" },
    charges_enabled: a.charges_enabled,
    controller: {
      fees: { payer: "account" },
      is_controller: a.controllerType === "application",
      losses: { payments: "stripe" },
      requirement_collection: "stripe",
      stripe_dashboard: { type: "full" },
      type: a.controllerType,
    },
    country: a.country,
    created: a.created,
    default_currency: a.default_currency,
    details_submitted: a.details_submitted,
    email: a.email,
    external_accounts: { object: "list", data: [], has_more: false, url: `/v1/accounts/${a.id}/external_accounts` },
    future_requirements: {
      alternatives: [],
      current_deadline: null,
      currently_due: [],
      disabled_reason: null,
      errors: [],
      eventually_due: [],
      past_due: [],
      pending_verification: [],
    },
    metadata: a.metadata,
    payouts_enabled: a.payouts_enabled,
    requirements: req,
    settings: {
      branding: { icon: null, logo: null, primary_color: null, secondary_color: null },
      card_payments: { decline_on: { avs_failure: false, cvc_failure: false }, statement_descriptor_prefix: null },
      dashboard: { display_name: a.business_profile.name, timezone: "Etc/UTC" },
      payments: { statement_descriptor: null },
      payouts: { debit_negative_balances: true, schedule: { delay_days: 2, interval: "daily" }, statement_descriptor: null },
    },
    tos_acceptance: a.tos_acceptance,
    type: a.type,
  };
}

export function renderProduct(p: ProductModel): Obj {
  return {
    id: p.id,
    object: "product",
    active: p.active,
    created: p.created,
    default_price: p.default_price,
    description: p.description,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: p.metadata,
    name: p.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: p.tax_code,
    tax_details: { performance_location: null, tax_code: p.tax_code },
    type: "service",
    unit_label: null,
    updated: p.updated,
    url: null,
  };
}

export function renderPrice(p: PriceModel): Obj {
  return {
    id: p.id,
    object: "price",
    active: p.active,
    billing_scheme: "per_unit",
    created: p.created,
    currency: p.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: p.lookup_key,
    metadata: p.metadata,
    nickname: p.nickname,
    product: p.product,
    recurring: p.recurring ? { ...p.recurring, meter: null, usage_type: "licensed" } : null,
    tax_behavior: p.tax_behavior,
    tiers_mode: null,
    transform_quantity: null,
    type: p.recurring ? "recurring" : "one_time",
    unit_amount: p.unit_amount,
    unit_amount_decimal: String(p.unit_amount),
  };
}

export function renderCustomer(c: CustomerModel): Obj {
  return {
    id: c.id,
    object: "customer",
    address: c.address ? { ...NULL_ADDRESS, ...c.address } : null,
    balance: 0,
    created: c.created,
    currency: c.currency,
    default_source: null,
    delinquent: c.delinquent,
    description: c.description,
    discount: null,
    email: c.email,
    invoice_prefix: c.invoice_prefix,
    invoice_settings: {
      custom_fields: null,
      default_payment_method: c.default_payment_method,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: c.metadata,
    name: c.name,
    next_invoice_sequence: c.next_invoice_sequence,
    phone: c.phone,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: c.test_clock ?? null,
  };
}

export function renderTaxId(t: TaxIdModel): Obj {
  return {
    id: t.id,
    object: "tax_id",
    country: t.country,
    created: t.created,
    customer: t.customer,
    customer_account: null,
    livemode: false,
    owner: { customer: t.customer, customer_account: null, type: "customer" },
    type: t.type,
    value: t.value,
    verification: { status: "pending", verified_address: null, verified_name: null },
  };
}

export function renderWebhookEndpoint(w: WebhookEndpointModel, withSecret = false): Obj {
  const out: Obj = {
    id: w.id,
    object: "webhook_endpoint",
    api_version: w.api_version,
    application: null,
    created: w.created,
    description: w.description,
    enabled_events: w.enabled_events,
    livemode: false,
    metadata: w.metadata,
    status: w.status,
    url: w.url,
  };
  // Stripe returns the signing secret only in the creation response.
  if (withSecret) out.secret = w.secret;
  return out;
}

export function renderEvent(e: EventModel): Obj {
  const out: Obj = {
    id: e.id,
    object: "event",
    api_version: API_VERSION,
    created: e.created,
    data: e.data,
    livemode: false,
    pending_webhooks: e.pending_webhooks,
    request: e.request,
    type: e.type,
  };
  if (e.account) out.account = e.account;
  return out;
}

export function renderAccountLink(engine: SandboxEngine, link: { id: string; created: number; expires_at: number }): Obj {
  return {
    object: "account_link",
    created: link.created,
    expires_at: link.expires_at,
    url: `${engine.baseUrl}/onboarding/${link.id}`,
  };
}

/** A recurring price as the legacy Plan object (`/v1/plans`, and the `plan` mirror on subscription items). */
export function renderPlan(p: PriceModel): Obj {
  const recurring = p.recurring ?? { interval: "month", interval_count: 1, trial_period_days: null };
  return {
    id: p.id,
    object: "plan",
    active: p.active,
    amount: p.unit_amount,
    amount_decimal: String(p.unit_amount),
    billing_scheme: "per_unit",
    created: p.created,
    currency: p.currency,
    interval: recurring.interval,
    interval_count: recurring.interval_count,
    livemode: false,
    metadata: p.metadata,
    meter: null,
    nickname: p.nickname,
    product: p.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: recurring.trial_period_days,
    usage_type: "licensed",
  };
}
