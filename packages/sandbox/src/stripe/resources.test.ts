import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { startTestSandbox, type TestSandbox } from "../test-support";

let t: TestSandbox;
beforeEach(async () => {
  t = await startTestSandbox();
});
afterEach(async () => {
  await t.stop();
});

async function checkoutSubscription(priceId: string): Promise<string> {
  const session = await t.stripe.checkout.sessions.create({ mode: "subscription", line_items: [{ price: priceId, quantity: 1 }], success_url: "http://x/ok" });
  const res = await fetch(session.url ?? "", {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ email: "r@example.com", card_number: "4242424242424242", card_expiry: "1/30", card_cvc: "123" }),
  });
  expect(res.status).toBe(303);
  return String((await t.stripe.checkout.sessions.retrieve(session.id)).subscription);
}

describe("resources through the official SDK", () => {
  test("products and prices: create, retrieve, update, list with filters", async () => {
    const product = await t.stripe.products.create({ name: "Basic", default_price_data: { currency: "usd", unit_amount: 500, recurring: { interval: "month" } } });
    expect(product.default_price).toMatch(/^price_/);
    const yearly = await t.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 5000, recurring: { interval: "year" }, lookup_key: "basic_yearly" });
    expect(yearly).toMatchObject({ type: "recurring", recurring: { interval: "year", interval_count: 1 } });
    await t.stripe.prices.update(yearly.id, { metadata: { tier: "basic" } });
    expect((await t.stripe.prices.retrieve(yearly.id)).metadata).toEqual({ tier: "basic" });
    expect((await t.stripe.prices.list({ product: product.id })).data).toHaveLength(2);
    expect((await t.stripe.prices.list({ lookup_keys: ["basic_yearly"] })).data.map((p) => p.id)).toEqual([yearly.id]);
    const renamed = await t.stripe.products.update(product.id, { name: "Basic+", metadata: { a: "1" } });
    expect(renamed).toMatchObject({ name: "Basic+", metadata: { a: "1" } });
    await t.stripe.products.update(product.id, { metadata: { a: "" } });
    expect((await t.stripe.products.retrieve(product.id, { expand: ["default_price"] })).default_price).toMatchObject({ object: "price" });
    expect((await t.stripe.products.retrieve(product.id)).metadata).toEqual({});
  });

  test("customers and tax ids: create, update, list by email, delete", async () => {
    const customer = await t.stripe.customers.create({ email: "c@example.com", name: "C", metadata: { org: "1" } });
    expect(customer.id).toMatch(/^cus_/);
    const updated = await t.stripe.customers.update(customer.id, { name: "C2" });
    expect(updated.name).toBe("C2");
    expect((await t.stripe.customers.list({ email: "c@example.com" })).data).toHaveLength(1);
    const taxId = await t.stripe.customers.createTaxId(customer.id, { type: "mx_rfc", value: "ABC010203AB9" });
    expect(taxId).toMatchObject({ object: "tax_id", country: "MX", customer: customer.id });
    expect((await t.stripe.customers.retrieveTaxId(customer.id, taxId.id)).value).toBe("ABC010203AB9");
    expect((await t.stripe.customers.deleteTaxId(customer.id, taxId.id)).deleted).toBe(true);
    expect((await t.stripe.customers.listTaxIds(customer.id)).data).toHaveLength(0);
    expect((await t.stripe.customers.del(customer.id)).deleted).toBe(true);
    expect(await t.stripe.customers.retrieve(customer.id)).toMatchObject({ deleted: true });
    const types = (await t.stripe.events.list()).data.map((e) => e.type).reverse();
    expect(types).toEqual(["customer.created", "customer.updated", "customer.tax_id.created", "customer.tax_id.deleted", "customer.deleted"]);
  });

  test("subscriptions: retrieve, list, change price, cancel at period end, cancel now", async () => {
    const product = await t.stripe.products.create({ name: "Pro" });
    const monthly = await t.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1000, recurring: { interval: "month" } });
    const bigger = await t.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 3000, recurring: { interval: "month" } });
    const subId = await checkoutSubscription(monthly.id);
    const sub = await t.stripe.subscriptions.retrieve(subId, { expand: ["latest_invoice", "customer"] });
    expect((sub.latest_invoice as Stripe.Invoice).status).toBe("paid");
    expect((await t.stripe.subscriptions.list({ customer: String((sub.customer as Stripe.Customer).id) })).data).toHaveLength(1);
    const itemId = sub.items.data[0]?.id ?? "";
    const changed = await t.stripe.subscriptions.update(subId, { items: [{ id: itemId, price: bigger.id }], proration_behavior: "none" });
    expect(changed.items.data[0]?.price.id).toBe(bigger.id);
    const ending = await t.stripe.subscriptions.update(subId, { cancel_at_period_end: true });
    expect(ending.cancel_at).toBe(sub.items.data[0]?.current_period_end);
    const updatedEvents = await t.stripe.events.list({ type: "customer.subscription.updated", limit: 1 });
    expect(updatedEvents.data[0]?.data.previous_attributes).toMatchObject({ cancel_at_period_end: false });
    const canceled = await t.stripe.subscriptions.cancel(subId);
    expect(canceled).toMatchObject({ status: "canceled", ended_at: expect.any(Number) });
    expect((await t.stripe.subscriptions.list()).data).toHaveLength(0);
    expect((await t.stripe.subscriptions.list({ status: "canceled" })).data).toHaveLength(1);
    await expect(t.stripe.subscriptions.update(subId, { cancel_at_period_end: false })).rejects.toMatchObject({ statusCode: 400 });
  });

  test("invoices, payment intents and charges", async () => {
    const product = await t.stripe.products.create({ name: "Pro" });
    const price = await t.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1200, recurring: { interval: "month" } });
    const subId = await checkoutSubscription(price.id);
    const [invoice] = (await t.stripe.invoices.list({ subscription: subId })).data;
    expect(invoice).toMatchObject({ status: "paid", total: 1200, number: expect.stringMatching(/-0001$/) });
    const lines = await t.stripe.invoices.listLineItems(invoice?.id ?? "");
    expect(lines.data[0]).toMatchObject({ amount: 1200, object: "line_item" });
    const [charge] = (await t.stripe.charges.list()).data;
    expect(charge).toMatchObject({ status: "succeeded", paid: true, amount: 1200 });
    const pi = await t.stripe.paymentIntents.retrieve(String(charge?.payment_intent), { expand: ["latest_charge"] });
    expect(pi).toMatchObject({ status: "succeeded", latest_charge: { id: charge?.id } });
  });

  test("webhook endpoints and events: list, retrieve, delete", async () => {
    const a = await t.stripe.webhookEndpoints.create({ url: "http://127.0.0.1:9/a", enabled_events: ["invoice.paid"] });
    const b = await t.stripe.webhookEndpoints.create({ url: "http://127.0.0.1:9/b", enabled_events: ["*"], connect: true });
    expect(b.secret).not.toBe(a.secret);
    const list = await t.stripe.webhookEndpoints.list();
    expect(list.data.map((e) => e.id)).toEqual([b.id, a.id]);
    expect(list.data.every((e) => e.secret === undefined)).toBe(true);
    expect(await t.stripe.webhookEndpoints.del(a.id)).toMatchObject({ id: a.id, deleted: true });
    await expect(t.stripe.webhookEndpoints.retrieve(a.id)).rejects.toMatchObject({ statusCode: 404 });
    await t.stripe.customers.create({ email: "e@example.com" });
    const [event] = (await t.stripe.events.list({ types: ["customer.created"] })).data;
    expect(event).toMatchObject({ object: "event", api_version: "2026-10-28.endive", livemode: false });
    expect((await t.stripe.events.retrieve(event?.id ?? "")).id).toBe(event?.id);
    expect((await t.stripe.events.list({ type: "customer.*" })).data).toHaveLength(1);
  });
});
