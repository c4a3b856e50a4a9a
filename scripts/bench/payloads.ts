import { randomBytes } from "node:crypto";
import { stripeSignature } from "@/lib/webhooks/testing/stripe-signature";

export const BENCH_ACCOUNT = "acct_bench000000000001";
export const BENCH_SECRET = "whsec_bench_0123456789abcdef0123456789abcdef";

export interface Delivery {
  eventId: string;
  body: string;
  signature: string;
}

/** A ~5 KB `customer.subscription.updated`, shaped like Stripe's (items, metadata, previous attributes). */
function eventBody(eventId: string, subscription: string, created: number): string {
  const item = (n: number) => ({
    id: `si_${subscription}_${n}`,
    object: "subscription_item",
    created,
    current_period_start: created,
    current_period_end: created + 2_592_000,
    metadata: {},
    price: { id: "price_bench_plus_monthly", object: "price", active: true, currency: "usd", unit_amount: 2_000, recurring: { interval: "month", interval_count: 1 }, product: "prod_bench" },
    quantity: 1,
    subscription,
    tax_rates: [],
  });
  const object = {
    id: subscription,
    object: "subscription",
    customer: `cus_${subscription.slice(4)}`,
    status: "active",
    cancel_at_period_end: false,
    canceled_at: null,
    trial_end: null,
    created,
    currency: "usd",
    items: { object: "list", data: [item(1), item(2)], has_more: false, total_count: 2, url: `/v1/subscription_items?subscription=${subscription}` },
    metadata: { order: randomBytes(24).toString("hex"), note: "x".repeat(3_500) },
  };
  return JSON.stringify({
    id: eventId,
    object: "event",
    api_version: "2026-10-28.endive",
    account: BENCH_ACCOUNT,
    created,
    livemode: false,
    type: "customer.subscription.updated",
    data: { object, previous_attributes: { status: "trialing" } },
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
  });
}

export function sign(body: string, timestamp = Math.floor(Date.now() / 1000)) {
  return stripeSignature(body, [BENCH_SECRET], timestamp);
}

/**
 * `count` unique events plus 5% redeliveries of earlier ones (same body, same signature), in
 * send order. Each subscription's events have distinct times, so processing never ties.
 */
export function makeDeliveries(run: string, count: number, subscriptions = 500): { deliveries: Delivery[]; unique: number } {
  const base = Math.floor(Date.now() / 1000) - count;
  const unique: Delivery[] = [];
  for (let i = 0; i < count; i += 1) {
    const eventId = `evt_bench_${run}_${i.toString(36)}`;
    const body = eventBody(eventId, `sub_bench_${run}_${i % subscriptions}`, base + i);
    unique.push({ eventId, body, signature: sign(body) });
  }
  const deliveries: Delivery[] = [];
  unique.forEach((d, i) => {
    deliveries.push(d);
    if (i % 20 === 19) deliveries.push(unique[i - 10]!);
  });
  return { deliveries, unique: count };
}
