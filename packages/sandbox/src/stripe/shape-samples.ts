import { expect } from "vitest";
import type { TestSandbox } from "../test-support";
import { TEST_KEY } from "../test-support";

// Test support: one of each object the sandbox renders, reached through the HTTP API the
// way a client reaches it, keyed by Stripe's object name. Shared by the shape tests.

export type Sample = Record<string, unknown>;

export async function collectSamples(t: TestSandbox): Promise<Map<string, Sample>> {
  const samples = new Map<string, Sample>();
  async function api(method: string, path: string, body?: Record<string, string>, account?: string) {
    const headers: Record<string, string> = { authorization: `Bearer ${TEST_KEY}` };
    if (account) headers["stripe-account"] = account;
    const response = await fetch(`${t.sandbox.url}${path}`, {
      method,
      headers,
      body: body ? new URLSearchParams(body) : undefined,
    });
    expect(response.status, `${method} ${path}`).toBe(200);
    return (await response.json()) as Sample;
  }

  const account = await api("POST", "/v1/accounts", { type: "standard" });
  samples.set("account", account);
  samples.set("account_link", await api("POST", "/v1/account_links", {
    account: String(account.id), type: "account_onboarding", refresh_url: "http://x/r", return_url: "http://x/d",
  }));
  const product = await api("POST", "/v1/products", { name: "Pro" });
  samples.set("product", product);
  const price = await api("POST", "/v1/prices", {
    product: String(product.id), currency: "eur", unit_amount: "1500", "recurring[interval]": "month",
  });
  samples.set("price", price);
  const customer = await api("POST", "/v1/customers", { email: "shape@example.com" });
  samples.set("tax_id", await api("POST", `/v1/customers/${String(customer.id)}/tax_ids`, { type: "eu_vat", value: "DE123456789" }));
  samples.set("deleted_tax_id", await api("DELETE", `/v1/customers/${String(customer.id)}/tax_ids/${String(samples.get("tax_id")?.id)}`));
  samples.set("deleted_customer", await api("DELETE", `/v1/customers/${String(customer.id)}`));
  const hook = await api("POST", "/v1/webhook_endpoints", { url: "http://127.0.0.1:9/none", "enabled_events[0]": "*" });
  samples.set("deleted_webhook_endpoint", await api("DELETE", `/v1/webhook_endpoints/${String(hook.id)}`));
  const created = await api("POST", "/v1/webhook_endpoints", { url: "http://127.0.0.1:9/none", "enabled_events[0]": "customer.created" });
  samples.set("webhook_endpoint", await api("GET", `/v1/webhook_endpoints/${String(created.id)}`));

  const session = await api("POST", "/v1/checkout/sessions", {
    mode: "subscription", "line_items[0][price]": String(price.id), "line_items[0][quantity]": "1",
    success_url: "http://x/ok", "automatic_tax[enabled]": "true",
  });
  const paid = await fetch(String(session.url), {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ email: "buyer@example.com", card_number: "4242424242424242", card_expiry: "12/34", card_cvc: "123", country: "DE" }),
  });
  expect(paid.status).toBe(303);
  const completed = await api("GET", `/v1/checkout/sessions/${String(session.id)}`);
  samples.set("checkout.session", completed);
  const items = await api("GET", `/v1/checkout/sessions/${String(session.id)}/line_items`);
  samples.set("item", (items.data as Record<string, unknown>[])[0] ?? {});
  samples.set("customer", await api("GET", `/v1/customers/${String(completed.customer)}`));
  const sub = await api("GET", `/v1/subscriptions/${String(completed.subscription)}`);
  samples.set("subscription", sub);
  samples.set("subscription_item", ((sub.items as { data: Record<string, unknown>[] }).data)[0] ?? {});
  const invoice = await api("GET", `/v1/invoices/${String(completed.invoice)}`);
  samples.set("invoice", invoice);
  samples.set("line_item", ((invoice.lines as { data: Record<string, unknown>[] }).data)[0] ?? {});
  const charges = await api("GET", "/v1/charges");
  const charge = (charges.data as Record<string, unknown>[])[0] ?? {};
  samples.set("charge", charge);
  samples.set("payment_intent", await api("GET", `/v1/payment_intents/${String(charge.payment_intent)}`));
  const events = await api("GET", "/v1/events");
  samples.set("event", (events.data as Record<string, unknown>[])[0] ?? {});

  // Expandable and includable fields render full objects too.
  const withPm = await api("GET", `/v1/subscriptions/${String(completed.subscription)}?expand[]=default_payment_method`);
  samples.set("payment_method", withPm.default_payment_method as Sample);
  const withPayments = await api("GET", `/v1/invoices/${String(completed.invoice)}?expand[]=payments`);
  samples.set("invoice_payment", ((withPayments.payments as { data: Sample[] }).data)[0] ?? {});
  samples.set("invoiceitem", await api("POST", "/v1/invoiceitems", { customer: String(completed.customer), amount: "700", currency: "eur" }));
  samples.set("test_clock", await api("POST", "/v1/test_helpers/test_clocks", { frozen_time: String(completed.created) }));

  // Objects the Stripe CLI's trigger fixtures create.
  samples.set("plan", await api("POST", "/v1/plans", { currency: "usd", interval: "month", amount: "2000", "product[name]": "Plan product" }));
  samples.set("setup_intent", await api("POST", "/v1/setup_intents", { customer: String(completed.customer), payment_method: "pm_card_visa", confirm: "true" }));
  samples.set("coupon", await api("POST", "/v1/coupons", { percent_off: "20", duration: "repeating", duration_in_months: "3" }));
  samples.set("tax_rate", await api("POST", "/v1/tax_rates", { display_name: "VAT", inclusive: "false", percentage: "19" }));
  samples.set("payout", await api("POST", "/v1/payouts", { amount: "1100", currency: "usd" }));
  await api("POST", "/v1/invoiceitems", { customer: String(completed.customer), amount: "2000", currency: "eur" });
  const open = await api("POST", "/v1/invoices", { customer: String(completed.customer), pending_invoice_items_behavior: "include" });
  await api("POST", `/v1/invoices/${String(open.id)}/finalize`);
  const note = await api("POST", "/v1/credit_notes", { invoice: String(open.id), "lines[0][type]": "custom_line_item", "lines[0][unit_amount]": "500" });
  samples.set("credit_note", note);
  samples.set("credit_note_line_item", ((note.lines as { data: Sample[] }).data)[0] ?? {});
  return samples;
}
