import "server-only";
import type { CustomerResponse, OrderResponse, SubscriptionResponse } from "conekta";
import type { SubscriptionStatus } from "@/db/schema";
import type { EventChange, ProviderCustomer, ProviderInvoice } from "../events-port";
import type { ProviderSubscription } from "../types";
import { latestOf } from "../unix-seconds";

// Conekta's documented states (PROTOCOLS §7), plus `expired` (expiry_count reached).
const statuses: Record<string, SubscriptionStatus> = {
  in_trial: "trialing",
  active: "active",
  past_due: "past_due",
  paused: "paused",
  canceled: "canceled",
  expired: "canceled",
};

const date = (seconds: number | null | undefined) => (typeof seconds === "number" ? new Date(seconds * 1000) : null);

export interface ConektaEvent {
  id: string;
  type: string;
  created_at: number;
  livemode: boolean;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
}

export function toSubscription(s: SubscriptionResponse): ProviderSubscription {
  const status = statuses[s.status ?? ""];
  // An unknown status fails the event (retried, then dead and alerted) rather than guessing.
  if (!status) throw new Error(`Unknown Conekta subscription status "${s.status}"`);
  return {
    providerSubscriptionId: s.id!,
    providerCustomerId: s.customer_id ?? null,
    status,
    providerStatus: s.status!,
    priceRef: s.plan_id ?? null,
    currentPeriodStart: date(s.billing_cycle_start),
    currentPeriodEnd: date(s.billing_cycle_end),
    trialEnd: date(s.trial_end),
    cancelAtPeriodEnd: false,
    canceledAt: date(s.canceled_at),
    asOf: latestOf([s.created_at, s.subscription_start, s.billing_cycle_start, s.paused_at, s.canceled_at]),
  };
}

/** A Conekta order as an invoice: its tax lines are the IVA Conekta charged. */
export function toInvoice(o: OrderResponse, eventType: string, eventCreated: Date): ProviderInvoice {
  const tax = (o.tax_lines?.data ?? []).reduce((sum, line) => sum + (line.amount ?? 0), 0);
  const total = o.amount ?? 0;
  const charge = o.charges?.data?.[0];
  const paid = o.payment_status === "paid";
  const failed = eventType === "order.declined" || o.payment_status === "declined";
  const meta = (o.metadata ?? {}) as Record<string, unknown>;
  return {
    providerInvoiceId: o.id!,
    providerSubscriptionId: typeof meta.subscription_id === "string" ? meta.subscription_id : null,
    providerCustomerId: o.customer_info?.customer_id ?? null,
    status: failed ? "failed" : (o.payment_status ?? "pending_payment"),
    currency: (o.currency ?? "MXN").toLowerCase(),
    subtotal: total - tax,
    tax,
    total,
    taxStatus: (o.tax_lines?.data?.length ?? 0) > 0 ? "iva_included" : "not_calculated",
    paidAt: paid ? (date(charge?.paid_at) ?? eventCreated) : null,
    failedAt: failed ? eventCreated : null,
    attemptCount: o.charges?.data?.length ?? 0,
    number: null,
    taxLines: (o.tax_lines?.data ?? []).map((line) => ({ label: line.description ?? "IVA", amount: line.amount ?? 0, taxableAmount: total - tax })),
    paymentMethod: paymentMethodOf(charge),
    periodStart: null,
    periodEnd: null,
    providerCreatedAt: date(o.created_at) ?? eventCreated,
  };
}

/** `card visa 4242`, `oxxo`, `spei`…: what an accountant reconciles a Conekta charge by. */
function paymentMethodOf(charge: { payment_method?: unknown } | undefined): string | null {
  const method = charge?.payment_method as { type?: string; object?: string; brand?: string; last4?: string } | undefined;
  if (!method) return null;
  const kind = method.object === "card_payment" ? "card" : (method.type ?? "unknown");
  return [kind, method.brand, method.last4].filter(Boolean).join(" ");
}

export function toCustomer(c: CustomerResponse): ProviderCustomer {
  const fiscal = c.fiscal_entities?.data?.[0] as
    | { tax_id?: string; address?: { postal_code?: string; country?: string }; metadata?: { tax_regime?: unknown } }
    | undefined;
  return {
    providerCustomerId: c.id,
    email: c.email ?? null,
    name: c.name ?? null,
    taxInfo: fiscal
      ? {
          rfc: fiscal.tax_id ?? null,
          postalCode: fiscal.address?.postal_code ?? null,
          country: fiscal.address?.country ?? "MX",
          // API 2.3 has no tax-regime field; the SAT code travels in the fiscal entity's metadata.
          taxRegime: fiscal.metadata?.tax_regime == null ? null : String(fiscal.metadata.tax_regime),
        }
      : null,
  };
}

// Conekta's own type names (the seed guide's list): a prefix match applied any `subscription.*`.
const subscriptionEvents = new Set(["created", "paused", "resumed", "canceled", "expired", "updated", "paid", "payment_failed"].map((t) => `subscription.${t}`));
const orderEvents = new Set(
  [
    "created", "canceled", "expired", "charged_back", "fraudulent", "under_fraud_review", "paid", "partially_refunded",
    "pending_payment", "pre_authorized", "refunded", "updated", "voided", "declined",
  ].map((t) => `order.${t}`),
);
const checkoutOrderEvents = new Set(["order.paid", "order.expired", "order.declined", "order.canceled"]);
const invoiceOrderEvents = new Set(["order.paid", "order.declined", "order.refunded", "order.partially_refunded", "order.voided"]);

/** What a Conekta event means for Beacon; unknown types are kept and ignored with the reason. */
export function conektaEventChanges(event: ConektaEvent): EventChange[] {
  const object = event.data.object;
  const created = new Date(event.created_at * 1000);
  if (subscriptionEvents.has(event.type)) return [{ kind: "subscription", subscription: toSubscription(object as SubscriptionResponse) }];
  if (orderEvents.has(event.type)) {
    const changes: EventChange[] = [];
    // Hosted-checkout orders are Beacon checkouts; renewals are orders too, recorded as invoices.
    if (checkoutOrderEvents.has(event.type)) changes.push({ kind: "checkout", providerCheckoutId: String(object.id) });
    if (invoiceOrderEvents.has(event.type)) changes.push({ kind: "invoice", invoice: toInvoice(object as OrderResponse, event.type, created) });
    return changes.length > 0 ? changes : [{ kind: "ignored", reason: `${event.type}: the order's outcome arrives with its paid/expired/declined event` }];
  }
  if (event.type === "customer.created" || event.type === "customer.updated") return [{ kind: "customer", customer: toCustomer(object as unknown as CustomerResponse) }];
  if (event.type === "webhook_ping") return [{ kind: "ignored", reason: "webhook_ping: Conekta's endpoint test" }];
  return [{ kind: "ignored", reason: `No handler for Conekta event type ${event.type}` }];
}

export function conektaObjectRefs(event: ConektaEvent): Record<string, string> {
  const o = event.data?.object ?? {};
  const refs: Record<string, string> = {};
  const put = (key: string, value: unknown) => {
    if (typeof value === "string" && value) refs[key] = value;
  };
  put("object", o.id);
  if (event.type.startsWith("subscription.")) {
    put("subscription", o.id);
    put("customer", o.customer_id);
  }
  if (event.type.startsWith("order.")) {
    put("checkout", o.id);
    put("invoice", o.id);
    put("customer", (o.customer_info as { customer_id?: string } | undefined)?.customer_id);
  }
  if (event.type.startsWith("customer.")) put("customer", o.id);
  return refs;
}
