import type { SandboxEngine } from "../engine";
import type { InvoiceModel } from "./models-billing";
import { priceOf } from "./render-billing";

type Obj = Record<string, unknown>;

function renderInvoiceLines(engine: SandboxEngine, inv: InvoiceModel): Obj[] {
  return inv.lines.map((line) => ({
    id: line.id,
    object: "line_item",
    amount: line.amount,
    currency: inv.currency,
    description: line.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: inv.id,
    livemode: false,
    metadata: {},
    parent: line.invoice_item
      ? {
          invoice_item_details: {
            invoice_item: line.invoice_item,
            proration: false,
            proration_details: { credited_items: null },
            subscription: inv.subscription,
          },
          subscription_item_details: null,
          type: "invoice_item_details",
        }
      : inv.subscription
      ? {
          invoice_item_details: null,
          subscription_item_details: {
            invoice_item: null,
            proration: false,
            proration_details: { credited_items: null },
            subscription: inv.subscription,
            subscription_item: line.subscription_item,
          },
          type: "subscription_item_details",
        }
      : null,
    period: { end: line.period_end, start: line.period_start },
    pretax_credit_amounts: [],
    pricing: renderPricing(engine, line.price, line.quantity > 0 ? line.amount / line.quantity : line.amount),
    quantity: line.quantity,
    quantity_decimal: String(line.quantity),
    subscription: inv.subscription,
    subtotal: line.amount,
    taxes: inv.automatic_tax ? [taxEntry(line.tax, line.amount, inv.tax_percent)] : [],
  }));
}

/** `pricing` of invoice lines and items: price details, or none for an amount-only item. */
export function renderPricing(engine: SandboxEngine, priceId: string | null, unitAmount: number): Obj {
  const price = priceId ? priceOf(engine, priceId) : undefined;
  return {
    price_details: priceId ? { price: priceId, product: price?.product ?? null } : null,
    type: priceId ? "price_details" : null,
    unit_amount_decimal: String(price?.unit_amount ?? unitAmount),
  };
}

function taxEntry(amount: number, taxable: number, percent: number | null): Obj {
  return {
    amount,
    tax_behavior: "exclusive",
    tax_rate_details: { tax_rate: `txr_sandbox_${String(percent ?? 0).replace(".", "_")}` },
    taxability_reason: amount > 0 ? "standard_rated" : "not_collecting",
    taxable_amount: taxable,
    type: "tax_rate_details",
  };
}

export function renderInvoice(engine: SandboxEngine, inv: InvoiceModel): Obj {
  const due = amountDue(inv);
  const remaining = inv.status === "paid" || inv.status === "void" ? 0 : due - inv.amount_paid;
  const account = engine.store.get("account", engine.platformId);
  return {
    id: inv.id,
    object: "invoice",
    account_country: account?.country ?? "US",
    account_name: account?.business_profile.name ?? null,
    account_tax_ids: null,
    amount_due: due,
    amount_overpaid: 0,
    amount_paid: inv.amount_paid,
    amount_remaining: remaining,
    amount_shipping: 0,
    application: null,
    attempt_count: inv.attempt_count,
    attempted: inv.attempt_count > 0,
    auto_advance: inv.auto_advance ?? (inv.status === "draft" || inv.status === "open"),
    automatic_tax: {
      disabled_reason: null,
      enabled: inv.automatic_tax,
      liability: inv.automatic_tax ? { type: "self" } : null,
      provider: inv.automatic_tax ? "stripe" : null,
      status: inv.automatic_tax ? "complete" : null,
    },
    automatically_finalizes_at: inv.status === "draft" ? inv.automatically_finalizes_at : null,
    billing_reason: inv.billing_reason,
    collection_method: inv.collection_method ?? "charge_automatically",
    created: inv.created,
    currency: inv.currency,
    custom_fields: null,
    customer: inv.customer,
    customer_account: null,
    customer_address: null,
    customer_email: inv.customer_email,
    customer_name: inv.customer_name,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: inv.default_payment_method ?? null,
    default_source: null,
    default_tax_rates: [],
    description: inv.description ?? null,
    discounts: [],
    due_date: inv.due_date ?? null,
    effective_at: inv.finalized_at,
    ending_balance: inv.status === "draft" ? null : 0,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: inv.status === "draft" ? null : `${engine.baseUrl}/invoices/${inv.id}`,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: {
      object: "list",
      data: renderInvoiceLines(engine, inv),
      has_more: false,
      total_count: inv.lines.length,
      url: `/v1/invoices/${inv.id}/lines`,
    },
    livemode: false,
    metadata: inv.metadata,
    next_payment_attempt: inv.next_payment_attempt,
    number: inv.number,
    on_behalf_of: null,
    parent: inv.subscription
      ? {
          quote_details: null,
          subscription_details: { metadata: inv.subscription_metadata, subscription: inv.subscription },
          type: "subscription_details",
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: inv.period_end,
    period_start: inv.period_start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: inv.pre_payment_credited ?? 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: inv.status,
    status_transitions: {
      finalized_at: inv.finalized_at,
      marked_uncollectible_at: null,
      paid_at: inv.paid_at,
      voided_at: inv.voided_at,
    },
    subtotal: inv.subtotal,
    subtotal_excluding_tax: inv.subtotal,
    test_clock: engine.store.get("customer", inv.customer)?.test_clock ?? null,
    total: inv.total,
    total_discount_amounts: [],
    total_excluding_tax: inv.subtotal,
    total_pretax_credit_amounts: [],
    total_taxes: inv.automatic_tax ? [taxEntry(inv.tax, inv.subtotal, inv.tax_percent)] : [],
    webhooks_delivered_at: inv.created,
  };
}

/** The total less what pre-payment credit notes took off: what the customer still owes. */
export function amountDue(inv: InvoiceModel): number {
  return inv.total - (inv.pre_payment_credited ?? 0);
}
