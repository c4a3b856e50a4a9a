import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eventsOf, startTestSandbox, type TestSandbox } from "../test-support";

// The objects the Stripe CLI's trigger fixtures need beyond payments and billing: customers'
// payment settings and legacy sources, plans, setup intents, coupons, tax rates and payouts,
// through the official SDK, with each call's events in order.

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.stop());

async function recurringPrice(): Promise<Stripe.Price> {
  const product = await t.stripe.products.create({ name: "Pro" });
  return t.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1500, recurring: { interval: "month" } });
}

describe("customers' payment settings", () => {
  test("payment_method and invoice_settings[default_payment_method] on create attach one card and make it the default", async () => {
    let customer: Stripe.Customer | undefined;
    const types = await eventsOf(t, async () => {
      customer = await t.stripe.customers.create({ payment_method: "pm_card_visa", invoice_settings: { default_payment_method: "pm_card_visa" } });
    });
    expect(types).toEqual(["customer.created", "payment_method.attached", "customer.updated"]);
    const pm = customer?.invoice_settings.default_payment_method;
    expect(pm).toMatch(/^pm_/);
    expect((await t.stripe.paymentMethods.retrieve(String(pm))).customer).toBe(customer?.id);
    const sub = await t.stripe.subscriptions.create({ customer: customer!.id, items: [{ price: (await recurringPrice()).id }] });
    expect(sub.status).toBe("active");
  });

  test("a default payment method must be attached to the customer", async () => {
    const customer = await t.stripe.customers.create({});
    const pm = await t.stripe.paymentMethods.create({ type: "card", card: { token: "tok_visa" } });
    const err = await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await t.stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    const updated = await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    expect(updated.invoice_settings.default_payment_method).toBe(pm.id);
  });

  test("a legacy source token becomes the customer's default card; unknown tokens and removed params fail", async () => {
    const customer = await t.stripe.customers.create({ source: "tok_visa" });
    expect(customer.invoice_settings.default_payment_method).toMatch(/^pm_/);
    await expect(t.stripe.customers.create({ source: "tok_nope" })).rejects.toThrow(/No such token/);
    await expect(t.stripe.customers.create({ coupon: "X" } as Stripe.CustomerCreateParams)).rejects.toThrow(/unknown parameter: coupon/);
  });
});

describe("plans", () => {
  test("a plan with an inline product is a recurring price; subscriptions take it as items[][plan]", async () => {
    let plan: Stripe.Plan | undefined;
    const types = await eventsOf(t, async () => {
      plan = await t.stripe.plans.create({ currency: "usd", interval: "month", amount: 2000, product: { name: "myproduct" } });
    });
    expect(types).toEqual(["product.created", "plan.created", "price.created"]);
    expect(plan).toMatchObject({ object: "plan", amount: 2000, interval: "month", usage_type: "licensed" });
    expect((await t.stripe.prices.retrieve(plan!.id)).recurring?.interval).toBe("month");
    const customer = await t.stripe.customers.create({ source: "tok_visa" });
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ plan: plan!.id }] });
    expect(sub.items.data[0]?.price.id).toBe(plan!.id);
    expect(await eventsOf(t, () => t.stripe.plans.update(plan!.id, { metadata: { a: "b" } }))).toEqual(["plan.updated", "price.updated"]);
    expect(await eventsOf(t, () => t.stripe.plans.del(plan!.id))).toEqual(["plan.deleted", "price.deleted"]);
    await expect(t.stripe.plans.retrieve(plan!.id)).rejects.toThrow(/No such plan/);
    await expect(t.stripe.plans.create({ currency: "usd", interval: "fortnight" as "month", amount: 1, product: "prod_x" })).rejects.toThrow(/interval/);
  });
});

describe("setup intents", () => {
  test("confirming with pm_card_visa succeeds and attaches the card to the customer", async () => {
    const customer = await t.stripe.customers.create({});
    let si: Stripe.SetupIntent | undefined;
    const types = await eventsOf(t, async () => {
      si = await t.stripe.setupIntents.create({ customer: customer.id, payment_method: "pm_card_visa", confirm: true });
    });
    expect(types).toEqual(["setup_intent.created", "payment_method.attached", "setup_intent.succeeded"]);
    expect(si?.status).toBe("succeeded");
    expect((await t.stripe.paymentMethods.retrieve(String(si?.payment_method))).customer).toBe(customer.id);
  });

  test("3-D Secure stops at requires_action; a declined card fails with 402 and setup_failed; cancel", async () => {
    const action = await t.stripe.setupIntents.create({ payment_method: "pm_card_authenticationRequired", confirm: true });
    expect(action).toMatchObject({ status: "requires_action", next_action: { type: "use_stripe_sdk" } });
    let err: unknown;
    const types = await eventsOf(t, async () => {
      err = await t.stripe.setupIntents.create({ payment_method: "pm_card_chargeDeclined", confirm: true }).catch((e: unknown) => e);
    });
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(types).toEqual(["setup_intent.created", "setup_intent.setup_failed"]);
    const open = await t.stripe.setupIntents.create({ allowed_payment_method_types: ["card"] });
    expect(await eventsOf(t, () => t.stripe.setupIntents.cancel(open.id, { cancellation_reason: "requested_by_customer" }))).toEqual(["setup_intent.canceled"]);
    await expect(t.stripe.setupIntents.cancel(open.id)).rejects.toThrow(/status of canceled/);
  });
});

describe("coupons, tax rates and payouts", () => {
  test("each emits its created, updated and deleted events", async () => {
    let coupon: Stripe.Coupon | undefined;
    expect(await eventsOf(t, async () => void (coupon = await t.stripe.coupons.create({ percent_off: 20 })))).toEqual(["coupon.created"]);
    expect(coupon).toMatchObject({ percent_off: 20, duration: "once", valid: true });
    expect(await eventsOf(t, () => t.stripe.coupons.update(coupon!.id, { metadata: { foo: "bar" } }))).toEqual(["coupon.updated"]);
    expect(await eventsOf(t, () => t.stripe.coupons.del(coupon!.id))).toEqual(["coupon.deleted"]);
    await expect(t.stripe.coupons.create({})).rejects.toThrow(/percent_off/);

    let rate: Stripe.TaxRate | undefined;
    expect(await eventsOf(t, async () => void (rate = await t.stripe.taxRates.create({ display_name: "VAT", inclusive: true, percentage: 10 })))).toEqual(["tax_rate.created"]);
    expect(rate).toMatchObject({ inclusive: true, percentage: 10, effective_percentage: 10 });
    expect(await eventsOf(t, () => t.stripe.taxRates.update(rate!.id, { metadata: { foo: "bar" } }))).toEqual(["tax_rate.updated"]);

    let payout: Stripe.Payout | undefined;
    expect(await eventsOf(t, async () => void (payout = await t.stripe.payouts.create({ amount: 1100, currency: "usd" })))).toEqual(["payout.created"]);
    expect(payout?.status).toBe("pending");
    expect(await eventsOf(t, () => t.stripe.payouts.update(payout!.id, { metadata: { foo: "bar" } }))).toEqual(["payout.updated"]);
    await expect(t.stripe.payouts.create({ amount: 0, currency: "usd" })).rejects.toThrow(/positive/);
  });
});

describe("invoices the CLI triggers", () => {
  async function draftWithItem(customer: string, extra: Partial<Stripe.InvoiceCreateParams> = {}): Promise<Stripe.Invoice> {
    await t.stripe.invoiceItems.create({ customer, amount: 2000, currency: "usd" });
    return t.stripe.invoices.create({ customer, pending_invoice_items_behavior: "include", ...extra });
  }

  test("paying with a 3-D Secure card answers 402 and emits invoice.payment_action_required, without a retry", async () => {
    const customer = await t.stripe.customers.create({});
    const pm = await t.stripe.paymentMethods.attach("pm_card_authenticationRequired", { customer: customer.id });
    const invoice = await draftWithItem(customer.id);
    let err: unknown;
    const types = await eventsOf(t, async () => void (err = await t.stripe.invoices.pay(invoice.id, { payment_method: pm.id }).catch((e: unknown) => e)));
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((err as Stripe.errors.StripeCardError).code).toBe("invoice_payment_intent_requires_action");
    expect(types).toEqual(["invoice.finalized", "payment_intent.created", "payment_intent.requires_action", "invoice.payment_action_required"]);
    expect(await t.stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: "open", next_payment_attempt: null });
  });

  test("send_invoice: needs days_until_due, gets a due date, and /send finalizes then emits invoice.sent", async () => {
    const customer = await t.stripe.customers.create({ email: "bob@example.com" });
    await expect(t.stripe.invoices.create({ customer: customer.id, collection_method: "send_invoice" })).rejects.toThrow(/days_until_due/);
    const invoice = await draftWithItem(customer.id, { collection_method: "send_invoice", days_until_due: 7 });
    expect(invoice.collection_method).toBe("send_invoice");
    expect(invoice.due_date).toBe(invoice.created + 7 * 86_400);
    expect(await eventsOf(t, () => t.stripe.invoices.sendInvoice(invoice.id))).toEqual(["invoice.finalized", "invoice.sent"]);
    const charged = await draftWithItem(customer.id);
    await expect(t.stripe.invoices.sendInvoice(charged.id)).rejects.toThrow(/send_invoice/);
  });
});

describe("credit notes", () => {
  test("an issued note takes its amount off the open invoice; voiding gives it back", async () => {
    const customer = await t.stripe.customers.create({});
    await t.stripe.invoiceItems.create({ customer: customer.id, amount: 2000, currency: "usd" });
    const draft = await t.stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" });
    await expect(t.stripe.creditNotes.create({ invoice: draft.id, amount: 100 })).rejects.toThrow(/open invoices/);
    const invoice = await t.stripe.invoices.finalizeInvoice(draft.id);
    let note: Stripe.CreditNote | undefined;
    const types = await eventsOf(t, async () => {
      note = await t.stripe.creditNotes.create({ invoice: invoice.id, lines: [{ type: "custom_line_item", unit_amount: 1000, quantity: 1, description: "goodwill" }] });
    });
    expect(types).toEqual(["credit_note.created", "invoice.updated"]);
    expect(note).toMatchObject({ amount: 1000, status: "issued", type: "pre_payment" });
    expect(await t.stripe.invoices.retrieve(invoice.id)).toMatchObject({ amount_due: 1000, amount_remaining: 1000, pre_payment_credit_notes_amount: 1000 });
    await expect(t.stripe.creditNotes.create({ invoice: invoice.id, amount: 1500 })).rejects.toThrow(/exceeds/);
    expect(await eventsOf(t, () => t.stripe.creditNotes.update(note!.id, { memo: "thanks" }))).toEqual(["credit_note.updated"]);
    expect(await eventsOf(t, () => t.stripe.creditNotes.voidCreditNote(note!.id))).toEqual(["credit_note.voided", "invoice.updated"]);
    expect((await t.stripe.invoices.retrieve(invoice.id)).amount_due).toBe(2000);
  });
});
