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

/** What a Stripe event means for Beacon; unknown types are kept and ignored with the reason. */
export function stripeEventChanges(event: Stripe.Event): EventChange[] {
  const created = new Date(event.created * 1000);
  const object = event.data.object as unknown as Record<string, unknown>;
  if (event.type.startsWith("customer.subscription.")) return [{ kind: "subscription", subscription: toSubscription(object as unknown as Stripe.Subscription) }];
  if (event.type.startsWith("checkout.session.")) return [{ kind: "checkout", providerCheckoutId: String(object.id) }];
  if (event.type.startsWith("invoice.")) {
    if (event.type === "invoice.deleted" || event.type === "invoice.upcoming") return [{ kind: "ignored", reason: `${event.type}: drafts and previews are not recorded` }];
    return [{ kind: "invoice", invoice: toInvoice(object as unknown as Stripe.Invoice, event.type, created) }];
  }
  if (event.type === "customer.created" || event.type === "customer.updated") return [{ kind: "customer", customer: toCustomer(object as unknown as Stripe.Customer) }];
  if (event.type === "account.updated") return [{ kind: "account", deauthorized: false }];
  if (event.type === "account.application.deauthorized") return [{ kind: "account", deauthorized: true }];
  return [{ kind: "ignored", reason: `No handler for Stripe event type ${event.type}` }];
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
