import { previousAttributes, type SandboxEngine } from "../engine";
import { newId } from "../ids";
import type { InvoiceModel, SubscriptionModel } from "./models-billing";
import { chargeForInvoice } from "./payments";
import { amountDue, renderInvoice } from "./render-invoice";
import { taxAmount, taxPercentFor } from "./tax";
import { cancelSubscription, updateSubscription } from "./subscription-state";

const DAY = 86_400;

/** Drafts the invoice for one billing period of a subscription and emits `invoice.created`. */
export function createSubscriptionInvoice(
  engine: SandboxEngine,
  scope: string,
  sub: SubscriptionModel,
  input: { reason: string; periodStart: number; periodEnd: number; trial: boolean },
): InvoiceModel {
  const customer = engine.store.get("customer", sub.customer);
  const percent = sub.automatic_tax ? taxPercentFor(sub.tax_country) : null;
  const invoiceId = newId("in");
  const lines = sub.items.map((item) => {
    const price = engine.store.get("price", item.price);
    const productName = price ? (engine.store.get("product", price.product)?.name ?? "Subscription") : "Subscription";
    const amount = input.trial ? 0 : (price?.unit_amount ?? 0) * item.quantity;
    return {
      id: newId("il"),
      price: item.price,
      quantity: item.quantity,
      amount,
      tax: percent === null ? 0 : taxAmount(amount, percent),
      description: input.trial ? `Trial period for ${productName}` : `${item.quantity} × ${productName}`,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      subscription_item: item.id,
    };
  });
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const tax = lines.reduce((sum, line) => sum + line.tax, 0);
  const now = engine.now();
  const invoice = engine.store.insert("invoice", scope, {
    id: invoiceId,
    created: now,
    customer: sub.customer,
    subscription: sub.id,
    subscription_metadata: { ...sub.metadata },
    status: "draft",
    billing_reason: input.reason,
    currency: sub.currency,
    lines,
    subtotal,
    tax,
    tax_percent: percent,
    total: subtotal + tax,
    amount_paid: 0,
    attempt_count: 0,
    next_payment_attempt: null,
    automatically_finalizes_at: now + engine.billing.finalizeDelaySeconds,
    number: null,
    period_start: input.periodStart,
    period_end: input.periodEnd,
    finalized_at: null,
    paid_at: null,
    voided_at: null,
    automatic_tax: sub.automatic_tax,
    payment_intent: null,
    customer_email: customer?.email ?? null,
    customer_name: customer?.name ?? null,
    metadata: {},
  });
  sub.latest_invoice = invoice.id;
  engine.emit(scope, "invoice.created", renderInvoice(engine, invoice));
  return invoice;
}

export function changeInvoice(engine: SandboxEngine, scope: string, inv: InvoiceModel, type: string, mutate: (i: InvoiceModel) => void): void {
  const before = renderInvoice(engine, inv);
  mutate(inv);
  engine.store.touch();
  const after = renderInvoice(engine, inv);
  engine.emit(scope, type, after, type === "invoice.updated" ? previousAttributes(before, after) : undefined);
}

export function finalizeInvoice(engine: SandboxEngine, scope: string, inv: InvoiceModel): void {
  const customer = engine.store.get("customer", inv.customer);
  changeInvoice(engine, scope, inv, "invoice.finalized", (i) => {
    i.status = "open";
    i.finalized_at = engine.now();
    if (customer) {
      i.number = `${customer.invoice_prefix}-${String(customer.next_invoice_sequence).padStart(4, "0")}`;
      customer.next_invoice_sequence += 1;
    }
  });
}

export function voidInvoice(engine: SandboxEngine, scope: string, inv: InvoiceModel): void {
  changeInvoice(engine, scope, inv, "invoice.voided", (i) => {
    i.status = "void";
    i.voided_at = engine.now();
    i.next_payment_attempt = null;
  });
}

function markPaid(engine: SandboxEngine, scope: string, inv: InvoiceModel, sub: SubscriptionModel | undefined): void {
  changeInvoice(engine, scope, inv, "invoice.paid", (i) => {
    i.status = "paid";
    i.amount_paid = amountDue(i);
    i.paid_at = engine.now();
    i.next_payment_attempt = null;
  });
  engine.emit(scope, "invoice.payment_succeeded", renderInvoice(engine, inv));
  if (sub && (sub.status === "incomplete" || sub.status === "past_due")) {
    updateSubscription(engine, scope, sub, (s) => {
      s.status = "active";
    });
  }
}

/**
 * Finalizes (if needed) and collects an invoice. A failed renewal moves the subscription
 * to past_due and schedules Stripe-style retries; once they run out it is canceled.
 */
export function collectInvoice(engine: SandboxEngine, scope: string, inv: InvoiceModel, hostedPage = false): boolean {
  if (inv.status === "draft") finalizeInvoice(engine, scope, inv);
  if (inv.status !== "open") return inv.status === "paid";
  const sub = inv.subscription ? engine.store.get("subscription", inv.subscription) : undefined;
  if (amountDue(inv) === 0) {
    markPaid(engine, scope, inv, sub);
    return true;
  }
  const pmId =
    inv.default_payment_method ?? sub?.default_payment_method ?? engine.store.get("customer", inv.customer)?.default_payment_method ?? null;
  const pm = pmId ? engine.store.get("payment_method", pmId) : undefined;
  inv.attempt_count += 1;
  if (pm) {
    const result = chargeForInvoice(
      engine,
      scope,
      { invoiceId: inv.id, customer: inv.customer, amount: amountDue(inv), currency: inv.currency, paymentIntent: inv.payment_intent, hostedPage },
      pm,
    );
    inv.payment_intent = result.paymentIntent.id;
    if (result.ok) {
      markPaid(engine, scope, inv, sub);
      return true;
    }
    if (result.paymentIntent.status === "requires_action") {
      // The customer must authenticate: no retry is scheduled, the invoice waits for them.
      inv.next_payment_attempt = null;
      engine.store.touch();
      engine.emit(scope, "invoice.payment_action_required", renderInvoice(engine, inv));
      return false;
    }
  }
  const delays = engine.billing.retryScheduleDays;
  const retryDays = delays[inv.attempt_count - 1];
  inv.next_payment_attempt = retryDays === undefined ? null : engine.now() + retryDays * DAY;
  engine.store.touch();
  engine.emit(scope, "invoice.payment_failed", renderInvoice(engine, inv));
  if (!sub || sub.status === "canceled") return false;
  if (retryDays === undefined) {
    cancelSubscription(engine, scope, sub, "payment_failed");
  } else if (sub.status === "active" || sub.status === "trialing") {
    updateSubscription(engine, scope, sub, (s) => {
      s.status = "past_due";
    });
  }
  return false;
}
