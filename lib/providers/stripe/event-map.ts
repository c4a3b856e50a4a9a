import "server-only";
import type Stripe from "stripe";
import type { SubscriptionStatus } from "@/db/schema";
import type { EventChange, ProviderCustomer, ProviderInvoice } from "../events-port";
import type { ProviderSubscription } from "../types";
import { latestOf } from "../unix-seconds";

const statuses: Record<Stripe.Subscription.Status, SubscriptionStatus> = {
  trialing: "trialing",
  active: "active",
  past_due: "past_due",
  paused: "paused",
  canceled: "canceled",
  incomplete: "incomplete",
  // Terminal: the first invoice was never paid, so nothing is billed any more.
  incomplete_expired: "canceled",
  unpaid: "unpaid",
};

const date = (seconds: number | null | undefined) => (typeof seconds === "number" ? new Date(seconds * 1000) : null);
const idOf = (value: string | { id: string } | null | undefined) => (value == null ? null : typeof value === "string" ? value : value.id);

export function toSubscription(s: Stripe.Subscription): ProviderSubscription {
  // An unknown status fails the event (retried, then dead and alerted) rather than guessing.
  if (!statuses[s.status]) throw new Error(`Unknown Stripe subscription status "${s.status}"`);
  // Paused collection bills nothing: Beacon calls that paused, the raw status stays Stripe's.
  const status: SubscriptionStatus = s.pause_collection && s.status === "active" ? "paused" : statuses[s.status]!;
  // Since API version basil, periods live on the items.
  const item = s.items?.data?.[0];
  return {
    providerSubscriptionId: s.id,
    providerCustomerId: idOf(s.customer),
    status,
    providerStatus: s.status,
    priceRef: item ? idOf(item.price) : null,
    currentPeriodStart: date(item?.current_period_start),
    currentPeriodEnd: date(item?.current_period_end),
    trialEnd: date(s.trial_end),
    cancelAtPeriodEnd: s.cancel_at_period_end,
    canceledAt: date(s.canceled_at),
    asOf: latestOf([s.created, s.start_date, item?.current_period_start, s.trial_start, s.canceled_at, s.ended_at]),
  };
}

export function toInvoice(inv: Stripe.Invoice, eventType: string, eventCreated: Date): ProviderInvoice {
  const tax = (inv.total_taxes ?? []).reduce((sum, t) => sum + t.amount, 0);
  const failed = eventType === "invoice.payment_failed";
  return {
    providerInvoiceId: inv.id!,
    providerSubscriptionId: idOf(inv.parent?.subscription_details?.subscription),
    providerCustomerId: idOf(inv.customer),
    status: failed && inv.status === "open" ? "failed" : (inv.status ?? "draft"),
    currency: inv.currency,
    subtotal: inv.subtotal,
    tax,
    total: inv.total,
    taxStatus: inv.automatic_tax?.enabled ? (inv.automatic_tax.status ?? "requires_location_inputs") : "not_calculated",
    paidAt: date(inv.status_transitions?.paid_at),
    failedAt: failed ? eventCreated : null,
    attemptCount: inv.attempt_count ?? 0,
    number: inv.number ?? null,
    taxLines: (inv.total_taxes ?? []).map((t) => ({
      label: idOf(t.tax_rate_details?.tax_rate) ?? t.taxability_reason ?? "tax",
      amount: t.amount,
      taxableAmount: t.taxable_amount ?? null,
    })),
    // Since basil the payment itself hangs off `payments`; the invoice names the method it will charge.
    paymentMethod: idOf(inv.default_payment_method),
    periodStart: date(inv.period_start),
    periodEnd: date(inv.period_end),
    providerCreatedAt: date(inv.created)!,
  };
}

export function toCustomer(c: Stripe.Customer): ProviderCustomer {
  return {
    providerCustomerId: c.id,
    email: c.email ?? null,
    name: c.name ?? null,
    taxInfo: {
      country: c.address?.country ?? null,
      postalCode: c.address?.postal_code ?? null,
      taxIds: (c.tax_ids?.data ?? []).map((t) => ({ type: t.type, value: t.value })),
    },
  };
}

type ToChanges = (event: Stripe.Event) => EventChange[];

const toSubscriptionChange: ToChanges = (e) => [{ kind: "subscription", subscription: toSubscription(e.data.object as unknown as Stripe.Subscription) }];
const toCheckoutChange: ToChanges = (e) => [{ kind: "checkout", providerCheckoutId: String((e.data.object as unknown as { id: string }).id) }];
const toInvoiceChange: ToChanges = (e) => [{ kind: "invoice", invoice: toInvoice(e.data.object as unknown as Stripe.Invoice, e.type, new Date(e.created * 1000)) }];
const toCustomerChange: ToChanges = (e) => [{ kind: "customer", customer: toCustomer(e.data.object as unknown as Stripe.Customer) }];
const notRecorded: ToChanges = (e) => [{ kind: "ignored", reason: `${e.type}: drafts and previews are not recorded` }];

// Known types only, spelled as stripe-node's `Event.Type` spells them (a typo does not compile): a
// prefix match applied whatever arrived under `invoice.`, even a type Stripe never sends.
const stripeHandlers = new Map<Stripe.Event.Type, ToChanges>([
  ...(["created", "updated", "deleted", "paused", "resumed", "trial_will_end", "pending_update_applied", "pending_update_expired"] as const).map(
    (t) => [`customer.subscription.${t}`, toSubscriptionChange] as const,
  ),
  ...(["completed", "expired", "async_payment_succeeded", "async_payment_failed"] as const).map((t) => [`checkout.session.${t}`, toCheckoutChange] as const),
  ...(
    [
      "created", "finalized", "finalization_failed", "paid", "payment_succeeded", "payment_failed", "payment_action_required",
      "payment_attempt_required", "sent", "updated", "voided", "marked_uncollectible", "overdue", "overpaid", "will_be_due",
    ] as const
  ).map((t) => [`invoice.${t}`, toInvoiceChange] as const),
  ["invoice.deleted", notRecorded],
  ["invoice.upcoming", notRecorded],
  ["customer.created", toCustomerChange],
  ["customer.updated", toCustomerChange],
  ["account.updated", () => [{ kind: "account", deauthorized: false }]],
  ["account.application.deauthorized", () => [{ kind: "account", deauthorized: true }]],
]);

/** What a Stripe event means for Beacon; unknown types are kept and ignored with the reason. */
export function stripeEventChanges(event: Stripe.Event): EventChange[] {
  const handler = stripeHandlers.get(event.type);
  return handler ? handler(event) : [{ kind: "ignored", reason: `No handler for Stripe event type ${event.type}` }];
}

/** Correlation ids, stored with the event so the event log can link and search it. */
export function stripeObjectRefs(event: Stripe.Event): Record<string, string> {
  const o = (event.data?.object ?? {}) as unknown as Record<string, unknown>;
  const refs: Record<string, string> = {};
  const put = (key: string, value: unknown) => {
    const id = idOf(value as string | { id: string } | null | undefined);
    if (id) refs[key] = id;
  };
  put("object", o.id);
  if (o.object === "subscription") put("subscription", o.id);
  if (o.object === "checkout.session") {
    put("checkout", o.id);
    put("subscription", o.subscription);
  }
  if (o.object === "invoice") {
    put("invoice", o.id);
    put("subscription", (o as unknown as Stripe.Invoice).parent?.subscription_details?.subscription);
  }
  if (o.object === "customer") put("customer", o.id);
  else put("customer", o.customer);
  return refs;
}
