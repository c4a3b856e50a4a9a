import { describe, expect, test } from "vitest";
import { markNow, setup, stopAfterEach, typesSince } from "./billing-support";

stopAfterEach();

// 4000 0000 0000 0341 "attaches to a Customer, but attempts to charge the customer fail" —
// every charge made through the API, a subscription's first invoice included.
describe("the charge-customer-fail card (0341) by API", () => {
  for (const card of ["pm_card_chargeCustomerFail", "tok_chargeCustomerFail"]) {
    test(`${card}: attach succeeds, the first invoice fails, the subscription stays incomplete`, async () => {
      const { stripe, price, customer } = await setup();
      const pm = card.startsWith("pm_")
        ? await stripe.paymentMethods.attach(card, { customer: customer.id })
        : await stripe.paymentMethods.attach((await stripe.paymentMethods.create({ type: "card", card: { token: card } })).id, { customer: customer.id });
      expect(pm.customer).toBe(customer.id);
      await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
      const mark = await markNow();
      const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: "allow_incomplete" });
      expect(sub.status).toBe("incomplete");
      const types = await typesSince(mark);
      expect(types).toEqual(expect.arrayContaining(["charge.failed", "payment_intent.payment_failed", "invoice.payment_failed"]));
      expect(types).not.toContain("invoice.paid");
      const [invoice] = (await stripe.invoices.list({ subscription: sub.id })).data;
      expect(invoice).toMatchObject({ status: "open", billing_reason: "subscription_create", attempt_count: 1 });
      // Paying the invoice by API (on-session or not) fails too.
      await expect(stripe.invoices.pay(invoice!.id, { off_session: false })).rejects.toMatchObject({ statusCode: 402 });
    });
  }

  test("error_if_incomplete answers 402 card_declined", async () => {
    const { stripe, price, customer } = await setup();
    const pm = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    await expect(stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: "error_if_incomplete" })).rejects.toMatchObject({ statusCode: 402, code: "card_declined" });
  });

  test("an on-session PaymentIntent and a charge with the card fail", async () => {
    const { stripe } = await setup();
    await expect(stripe.paymentIntents.create({ amount: 900, currency: "usd", payment_method: "pm_card_chargeCustomerFail", confirm: true })).rejects.toMatchObject({ statusCode: 402 });
    await expect(stripe.charges.create({ amount: 900, currency: "usd", source: "tok_chargeCustomerFail" })).rejects.toMatchObject({ statusCode: 402 });
  });
});
