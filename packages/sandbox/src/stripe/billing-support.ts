import { afterEach } from "vitest";
import { startReceiver, startTestSandbox, within, type Receiver, type TestSandbox } from "../test-support";
import { createPaymentMethod } from "./payments";

// Test support for the billing-by-API tests: a sandbox with a catch-all webhook receiver,
// a recurring price and a customer, and helpers to read the events in the order they came.

export const DAY = 86_400;

/** The events of an invoice created, finalized and paid by a card on file, in Stripe's order. */
export const INVOICE_PAID_BY_CARD = [
  "invoice.created",
  "invoice.finalized",
  "payment_intent.created",
  "charge.succeeded",
  "payment_intent.succeeded",
  "invoice.paid",
  "invoice.payment_succeeded",
];
export let t: TestSandbox | undefined;
export let receiver: Receiver | undefined;
/** Call once at the top of a test file: each test's sandbox and receiver stop after it. */
export function stopAfterEach(): void {
  afterEach(async () => {
    await t?.stop();
    await receiver?.close();
    t = undefined;
    receiver = undefined;
  });
}

export async function setup() {
  t = await startTestSandbox();
  receiver = await startReceiver();
  await t.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["*"] });
  const product = await t.stripe.products.create({ name: "Team" });
  const price = await t.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1500, recurring: { interval: "month" } });
  const customer = await t.stripe.customers.create({ email: "api@example.com" });
  return { stripe: t.stripe, sandbox: t.sandbox, price, customer };
}

// Until the payment-methods API lands (pm_card_*), a card is attached from inside.
export function attachCard(customerId: string, behavior: "succeeds" | "declines" = "succeeds"): string {
  const engine = t?.sandbox.engine;
  if (!engine) throw new Error("no sandbox");
  const pm = createPaymentMethod(
    engine,
    engine.platformId,
    { behavior, decline_code: behavior === "declines" ? "generic_decline" : null, brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034 },
    customerId,
    null,
  );
  const customer = engine.store.get("customer", customerId);
  if (customer) customer.default_payment_method = pm.id;
  engine.store.touch();
  return pm.id;
}

/** Where the next events start, once everything sent so far has arrived. */
export async function markNow(): Promise<number> {
  await within(t?.sandbox.delivery.idle() ?? Promise.resolve(), 5_000, "delivery");
  return receiver?.received.length ?? 0;
}

export async function typesSince(mark: number): Promise<string[]> {
  await within(t?.sandbox.delivery.idle() ?? Promise.resolve(), 5_000, "delivery");
  return (receiver?.received ?? []).slice(mark).map((r) => r.event.type);
}

