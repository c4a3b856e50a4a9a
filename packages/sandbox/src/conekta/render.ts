import type { SandboxEngine } from "../engine";
import type { CardModel, CustomerModel, FiscalEntityModel, PlanModel, SubscriptionModel } from "./models";

// Renderers produce Conekta 2.3 objects with only properties of the OpenAPI schemas
// (checked by shape.test.ts against fixtures/conekta-schemas.json).

type Obj = Record<string, unknown>;

/** An embedded list (payment sources, line items, charges): everything on one page. */
export function embeddedList(data: Obj[]): Obj {
  return { object: "list", has_more: false, next_page_url: null, previous_page_url: null, data };
}

export function renderCard(card: CardModel, defaultId: string | null): Obj {
  return {
    id: card.id,
    object: "payment_source",
    type: "card",
    created_at: card.created_at,
    parent_id: card.customer_id,
    last4: card.last4,
    bin: card.bin,
    card_type: card.card_type,
    exp_month: card.exp_month,
    exp_year: card.exp_year,
    brand: card.brand,
    name: card.name,
    default: card.id === defaultId,
    visible_on_checkout: false,
    payment_source_status: "active",
  };
}

export function renderFiscalEntity(entity: FiscalEntityModel, defaultId: string | null): Obj {
  return {
    id: entity.id,
    object: "fiscal_entity",
    created_at: entity.created_at,
    parent_id: entity.customer_id,
    default: entity.id === defaultId,
    tax_id: entity.tax_id,
    company_name: entity.company_name,
    email: entity.email,
    phone: entity.phone,
    address: entity.address,
    metadata: entity.metadata,
  };
}

export function renderSubscription(engine: SandboxEngine, account: string, sub: SubscriptionModel): Obj {
  const customer = engine.conekta.get("customer", sub.customer_id, account);
  const out: Obj = {
    id: sub.id,
    object: "subscription",
    status: sub.status,
    plan_id: sub.plan_id,
    customer_id: sub.customer_id,
    customer_custom_reference: customer?.custom_reference || null,
    card_id: sub.card_id,
    charge_id: sub.charge_id,
    created_at: sub.created_at,
    subscription_start: sub.subscription_start,
    billing_cycle_start: sub.billing_cycle_start,
    billing_cycle_end: sub.billing_cycle_end,
    trial_start: sub.trial_start,
    trial_end: sub.trial_end,
    paused_at: sub.paused_at,
    canceled_at: sub.canceled_at,
    last_billing_cycle_order_id: sub.last_billing_cycle_order_id,
  };
  // Conekta: "This field appears when the subscription status is 'canceled'".
  if (sub.status === "canceled") out.canceled_reason = sub.canceled_reason;
  return out;
}

/** The customer's current (not canceled) subscription, the one Conekta allows per customer. */
export function currentSubscription(engine: SandboxEngine, account: string, customerId: string): SubscriptionModel | undefined {
  return engine.conekta.list("subscription", account).find((s) => s.customer_id === customerId && s.status !== "canceled");
}

export function renderCustomer(engine: SandboxEngine, account: string, customer: CustomerModel): Obj {
  const cards = engine.conekta.list("payment_source", account).filter((c) => c.customer_id === customer.id).reverse();
  const entities = engine.conekta.list("fiscal_entity", account).filter((f) => f.customer_id === customer.id).reverse();
  const out: Obj = {
    id: customer.id,
    object: "customer",
    livemode: false,
    created_at: customer.created_at,
    name: customer.name,
    email: customer.email,
    phone: customer.phone,
    corporate: customer.corporate,
    custom_reference: customer.custom_reference,
    metadata: customer.metadata,
    default_payment_source_id: customer.default_payment_source_id,
    default_fiscal_entity_id: customer.default_fiscal_entity_id,
    payment_sources: embeddedList(cards.map((c) => renderCard(c, customer.default_payment_source_id))),
    fiscal_entities: embeddedList(entities.map((f) => renderFiscalEntity(f, customer.default_fiscal_entity_id))),
  };
  const sub = currentSubscription(engine, account, customer.id);
  if (sub) out.subscription = renderSubscription(engine, account, sub);
  return out;
}

export function renderPlan(plan: PlanModel): Obj {
  return {
    id: plan.id,
    object: "plan",
    livemode: false,
    created_at: plan.created_at,
    name: plan.name,
    amount: plan.amount,
    currency: plan.currency,
    interval: plan.interval,
    frequency: plan.frequency,
    trial_period_days: plan.trial_period_days,
    expiry_count: plan.expiry_count,
    max_retries: plan.max_retries,
    retry_delay_hours: plan.retry_delay_hours,
  };
}
