import { describe, expect, test } from "vitest";
import { DAY, INVOICE_PAID_BY_CARD, attachCard, markNow, setup, stopAfterEach, typesSince } from "./billing-support";

// Billing by API (no Checkout): subscriptions, invoice items and one-off invoices, with the
// events Stripe sends for each, in its order.

stopAfterEach();

describe("POST /v1/subscriptions", () => {
  test("with a default payment method: created, invoiced, paid, then active", async () => {
    const { stripe, price, customer } = await setup();
    const pm = attachCard(customer.id);
    const mark = await markNow();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm });
    expect(sub.status).toBe("active");
    expect(await typesSince(mark)).toEqual([
      "customer.subscription.created",
      ...INVOICE_PAID_BY_CARD,
      "customer.subscription.updated",
    ]);
    const invoice = await stripe.invoices.retrieve(String(sub.latest_invoice));
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    expect(invoice).not.toHaveProperty("subscription");
    expect(invoice.amount_paid).toBe(1500);
  });

  test("a trial starts trialing with a zero invoice and warns three days before it ends", async () => {
    const { stripe, sandbox, price, customer } = await setup();
    attachCard(customer.id);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 7 });
    expect(sub.status).toBe("trialing");
    expect(sub.trial_end).toBe((sub.trial_start ?? 0) + 7 * DAY);
    const first = await stripe.invoices.retrieve(String(sub.latest_invoice));
    expect([first.status, first.total]).toEqual(["paid", 0]);
    const mark = await markNow();
    sandbox.clock.advance(5 * DAY);
    expect(await typesSince(mark)).toEqual(["customer.subscription.trial_will_end"]);
    const end = await markNow();
    sandbox.clock.advance(2 * DAY + 2 * 3600);
    const after = await typesSince(end);
    expect(after.slice(0, 2)).toEqual(["customer.subscription.updated", "invoice.created"]);
    expect(after).toContain("invoice.paid");
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
  });

  test("payment_behavior=default_incomplete leaves the first invoice open and the subscription incomplete", async () => {
    const { stripe, price, customer } = await setup();
    const mark = await markNow();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: "default_incomplete" });
    expect(sub.status).toBe("incomplete");
    expect((await stripe.invoices.retrieve(String(sub.latest_invoice))).status).toBe("open");
    expect(await typesSince(mark)).toEqual(["customer.subscription.created", "invoice.created", "invoice.finalized"]);
  });

  test("without a payment method and no trial, Stripe refuses; unknown params fail", async () => {
    const { stripe, price, customer } = await setup();
    await expect(stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], bogus: 1 } as never),
    ).rejects.toMatchObject({ statusCode: 400, code: "parameter_unknown" });
  });

  test("cancel at once emits customer.subscription.deleted; pause_collection updates it", async () => {
    const { stripe, price, customer } = await setup();
    attachCard(customer.id);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const paused = await stripe.subscriptions.update(sub.id, { pause_collection: { behavior: "void" } });
    expect(paused.pause_collection?.behavior).toBe("void");
    const mark = await markNow();
    const canceled = await stripe.subscriptions.cancel(sub.id);
    expect(canceled.status).toBe("canceled");
    expect(await typesSince(mark)).toEqual(["customer.subscription.deleted"]);
  });
});

describe("invoice items and one-off invoices", () => {
  test("item → invoice (include pending) → finalize → pay", async () => {
    const { stripe, customer } = await setup();
    const pm = attachCard(customer.id);
    const mark = await markNow();
    const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 2000, currency: "usd", description: "Setup fee" });
    expect([item.object, item.invoice, item.amount]).toEqual(["invoiceitem", null, 2000]);
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include", description: "One-off" });
    expect([draft.status, draft.total, draft.description, draft.billing_reason]).toEqual(["draft", 2000, "One-off", "manual"]);
    expect(draft.lines.data[0]?.parent?.invoice_item_details?.invoice_item).toBe(item.id);
    expect((await stripe.invoiceItems.retrieve(item.id)).invoice).toBe(draft.id);
    const open = await stripe.invoices.finalizeInvoice(draft.id);
    expect(open.status).toBe("open");
    expect(open.number).toMatch(/-0001$/);
    const paid = await stripe.invoices.pay(draft.id, { payment_method: pm });
    expect([paid.status, paid.amount_paid]).toEqual(["paid", 2000]);
    expect(await typesSince(mark)).toEqual([
      "invoiceitem.created",
      ...INVOICE_PAID_BY_CARD,
    ]);
  });

  test("void an open invoice; update and delete a draft", async () => {
    const { stripe, customer } = await setup();
    await stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: "usd" });
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" });
    const mark = await markNow();
    const updated = await stripe.invoices.update(draft.id, { description: "Edited", metadata: { k: "v" } });
    expect(updated.description).toBe("Edited");
    await stripe.invoices.finalizeInvoice(draft.id);
    const voided = await stripe.invoices.voidInvoice(draft.id);
    expect(voided.status).toBe("void");
    expect(await typesSince(mark)).toEqual(["invoice.updated", "invoice.finalized", "invoice.voided"]);
    await expect(stripe.invoices.voidInvoice(draft.id)).rejects.toMatchObject({ statusCode: 400 });
    const other = await stripe.invoices.create({ customer: customer.id });
    expect(other.total).toBe(0);
    const deleted = await stripe.invoices.del(other.id);
    expect(deleted.deleted).toBe(true);
    await expect(stripe.invoices.retrieve(other.id)).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe("CLI fixture paths", () => {
  test("mark_uncollectible on an open invoice; a one-day trial warns at once", async () => {
    const { stripe, price, customer } = await setup();
    await stripe.invoiceItems.create({ customer: customer.id, amount: 2000, currency: "usd" });
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" });
    await stripe.invoices.finalizeInvoice(draft.id);
    const mark = await markNow();
    expect((await stripe.invoices.markUncollectible(draft.id)).status).toBe("uncollectible");
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 1 });
    const types = await typesSince(mark);
    expect(types[0]).toBe("invoice.marked_uncollectible");
    expect(types.slice(1, 3)).toEqual(["customer.subscription.created", "customer.subscription.trial_will_end"]);
  });
});

describe("expand", () => {
  test("a subscription's default_payment_method and an invoice's payments expand", async () => {
    const { stripe, price, customer } = await setup();
    const pm = attachCard(customer.id);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm });
    const expanded = await stripe.subscriptions.retrieve(sub.id, { expand: ["default_payment_method", "latest_invoice", "customer"] });
    const method = expanded.default_payment_method as { id: string; object: string; card?: { last4: string } };
    expect([method.id, method.object, method.card?.last4]).toEqual([pm, "payment_method", "4242"]);
    expect((expanded.latest_invoice as { object: string }).object).toBe("invoice");
    const plain = await stripe.invoices.retrieve(String(sub.latest_invoice));
    expect(plain).not.toHaveProperty("payments");
    const invoice = await stripe.invoices.retrieve(String(sub.latest_invoice), { expand: ["payments"] });
    const payment = invoice.payments?.data[0];
    expect([payment?.status, payment?.amount_paid, payment?.payment.type]).toEqual(["paid", 1500, "payment_intent"]);
    const deep = await stripe.invoices.retrieve(String(sub.latest_invoice), { expand: ["payments.data.payment.payment_intent"] });
    expect((deep.payments?.data[0]?.payment.payment_intent as { object: string }).object).toBe("payment_intent");
    await expect(stripe.invoices.retrieve(String(sub.latest_invoice), { expand: ["nope"] })).rejects.toMatchObject({ statusCode: 400 });
  });
});
