import { describe, expect, test } from "vitest";
import { markNow, setup, stopAfterEach, typesSince } from "./billing-support";

// Checkout beyond subscriptions: a one-time payment and saving a card (setup mode).

stopAfterEach();

async function pay(url: string | null, card = "4242424242424242") {
  return fetch(url ?? "", {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ email: "once@example.com", card_number: card, card_expiry: "12/34", card_cvc: "123" }),
  });
}

describe("Checkout in payment and setup modes", () => {
  test("payment mode charges one PaymentIntent, then completes", async () => {
    const { stripe } = await setup();
    const product = await stripe.products.create({ name: "Report" });
    const price = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 900 });
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: price.id, quantity: 2 }],
      success_url: "http://app.test/ok",
      customer_creation: "always",
    });
    expect([session.mode, session.amount_total, session.customer_creation]).toEqual(["payment", 1800, "always"]);
    const mark = await markNow();
    expect((await pay(session.url)).status).toBe(303);
    const done = await stripe.checkout.sessions.retrieve(session.id);
    expect([done.status, done.payment_status, done.subscription]).toEqual(["complete", "paid", null]);
    const pi = await stripe.paymentIntents.retrieve(String(done.payment_intent));
    expect([pi.amount, pi.status, pi.customer]).toEqual([1800, "succeeded", done.customer]);
    expect(await typesSince(mark)).toEqual([
      "customer.created",
      "payment_intent.created",
      "charge.succeeded",
      "payment_intent.succeeded",
      "checkout.session.completed",
    ]);
  });

  test("payment mode refuses recurring prices; setup mode refuses line items and needs a currency", async () => {
    const { stripe, price } = await setup();
    await expect(
      stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price: price.id }], success_url: "http://app.test/ok" }),
    ).rejects.toMatchObject({ statusCode: 400, param: "line_items[0][price]" });
    await expect(
      stripe.checkout.sessions.create({ mode: "setup", line_items: [{ price: price.id }], currency: "usd", success_url: "http://app.test/ok" }),
    ).rejects.toMatchObject({ statusCode: 400, param: "line_items" });
    await expect(stripe.checkout.sessions.create({ mode: "setup", success_url: "http://app.test/ok" })).rejects.toMatchObject({
      statusCode: 400,
      param: "currency",
    });
  });

  test("setup mode saves the card to the customer without charging", async () => {
    const { stripe, customer } = await setup();
    const session = await stripe.checkout.sessions.create({ mode: "setup", currency: "usd", customer: customer.id, success_url: "http://app.test/ok" });
    const mark = await markNow();
    expect((await pay(session.url)).status).toBe(303);
    const done = await stripe.checkout.sessions.retrieve(session.id);
    expect([done.status, done.payment_status, done.payment_intent, done.customer]).toEqual(["complete", "no_payment_required", null, customer.id]);
    expect(await typesSince(mark)).toEqual(["checkout.session.completed"]);
  });
});
