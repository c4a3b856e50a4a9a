import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eventsOf, startTestSandbox, TEST_KEY, type TestSandbox } from "../test-support";

// The payments half of the Stripe API through the official SDK: each call's events, in order.

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.stop());

describe("payment intents", () => {
  test("create, then confirm with pm_card_visa: created, charge.succeeded, succeeded", async () => {
    let id = "";
    expect(await eventsOf(t, async () => void (id = (await t.stripe.paymentIntents.create({ amount: 2000, currency: "usd" })).id))).toEqual(["payment_intent.created"]);
    const types = await eventsOf(t, () => t.stripe.paymentIntents.confirm(id, { payment_method: "pm_card_visa" }));
    expect(types).toEqual(["charge.succeeded", "payment_intent.succeeded"]);
    const pi = await t.stripe.paymentIntents.retrieve(id, { expand: ["latest_charge"] });
    expect(pi).toMatchObject({ status: "succeeded", amount_received: 2000 });
    expect((pi.latest_charge as Stripe.Charge).payment_method_details?.card?.last4).toBe("4242");
  });

  test("3-D Secure cards stop at requires_action with a next_action; confirming again completes", async () => {
    for (const pm of ["pm_card_threeDSecure2Required", "pm_card_authenticationRequired"]) {
      let pi: Stripe.PaymentIntent | undefined;
      const types = await eventsOf(t, async () => void (pi = await t.stripe.paymentIntents.create({ amount: 1500, currency: "usd", payment_method: pm, confirm: true })));
      expect(types).toEqual(["payment_intent.created", "payment_intent.requires_action"]);
      expect(pi?.status).toBe("requires_action");
      expect(pi?.next_action?.type).toBe("use_stripe_sdk");
      expect(await eventsOf(t, () => t.stripe.paymentIntents.confirm(pi!.id))).toEqual(["charge.succeeded", "payment_intent.succeeded"]);
    }
    // Raw card number 4000002760003184 through a payment method.
    const pm = await t.stripe.paymentMethods.create({ type: "card", card: { number: "4000002760003184", exp_month: 12, exp_year: 2034, cvc: "123" } } as Stripe.PaymentMethodCreateParams);
    expect((await t.stripe.paymentIntents.create({ amount: 900, currency: "usd", payment_method: pm.id, confirm: true })).status).toBe("requires_action");
  });

  test("a declined card answers 402 card_error after charge.failed and payment_intent.payment_failed", async () => {
    const types = await eventsOf(t, async () => {
      const err = await t.stripe.paymentIntents.create({ amount: 2000, currency: "usd", payment_method: "pm_card_chargeDeclined", confirm: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect((err as Stripe.errors.StripeCardError).statusCode).toBe(402);
    });
    expect(types).toEqual(["payment_intent.created", "charge.failed", "payment_intent.payment_failed"]);
  });

  test("bank debits go through processing with charge.pending", async () => {
    const pm = await t.stripe.paymentMethods.create({ type: "sepa_debit", sepa_debit: { iban: "AT321904300235473204" }, billing_details: { name: "Bob", email: "bob@example.com" } });
    let status = "";
    const types = await eventsOf(t, async () => void ({ status } = await t.stripe.paymentIntents.create({ amount: 1000, currency: "eur", payment_method: pm.id, confirm: true })));
    expect(types).toEqual(["payment_intent.created", "charge.pending", "payment_intent.processing"]);
    expect(status).toBe("processing");
  });

  test("manual capture: amount_capturable_updated, then charge.captured and succeeded; cancel emits canceled", async () => {
    const pi = await t.stripe.paymentIntents.create({ amount: 3000, currency: "usd", payment_method: "pm_card_visa", capture_method: "manual", confirm: true });
    expect(pi).toMatchObject({ status: "requires_capture", amount_capturable: 3000 });
    expect(await eventsOf(t, () => t.stripe.paymentIntents.capture(pi.id))).toEqual(["charge.captured", "payment_intent.succeeded"]);
    const other = await t.stripe.paymentIntents.create({ amount: 3000, currency: "usd" });
    expect(await eventsOf(t, () => t.stripe.paymentIntents.cancel(other.id))).toEqual(["payment_intent.canceled"]);
    await expect(t.stripe.paymentIntents.cancel(other.id)).rejects.toMatchObject({ code: "payment_intent_unexpected_state" });
  });
});

describe("payment methods, charges, refunds, disputes, transfers", () => {
  test("attach and detach a pm_card_visa to a customer", async () => {
    const customer = await t.stripe.customers.create({ email: "pm@example.com" });
    let pm: Stripe.PaymentMethod | undefined;
    expect(await eventsOf(t, async () => void (pm = await t.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id })))).toEqual(["payment_method.attached"]);
    expect(pm?.customer).toBe(customer.id);
    expect((await t.stripe.customers.listPaymentMethods(customer.id)).data.map((p) => p.id)).toEqual([pm!.id]);
    expect(await eventsOf(t, () => t.stripe.paymentMethods.detach(pm!.id))).toEqual(["payment_method.detached"]);
  });

  test("charges with tok_visa, capture later, update, refund", async () => {
    const charge = await t.stripe.charges.create({ amount: 500, currency: "usd", source: "tok_visa", capture: false });
    expect(charge.captured).toBe(false);
    expect(await eventsOf(t, () => t.stripe.charges.capture(charge.id))).toEqual(["charge.captured"]);
    expect(await eventsOf(t, () => t.stripe.charges.update(charge.id, { metadata: { order: "1" } }))).toEqual(["charge.updated"]);
    let refund: Stripe.Refund | undefined;
    expect(await eventsOf(t, async () => void (refund = await t.stripe.refunds.create({ charge: charge.id, amount: 200 })))).toEqual(["refund.created", "charge.refunded"]);
    expect((await t.stripe.charges.retrieve(charge.id)).amount_refunded).toBe(200);
    expect(await eventsOf(t, () => t.stripe.refunds.update(refund!.id, { metadata: { why: "test" } }))).toEqual(["refund.updated", "charge.refund.updated"]);
    await expect(t.stripe.refunds.create({ charge: charge.id, amount: 400 })).rejects.toMatchObject({ code: "parameter_invalid" });
  });

  test("pm_card_createDispute is disputed after it succeeds; evidence and closing emit their events", async () => {
    const types = await eventsOf(t, () => t.stripe.paymentIntents.create({ amount: 700, currency: "usd", payment_method: "pm_card_createDispute", confirm: true }));
    expect(types).toEqual(["payment_intent.created", "charge.succeeded", "payment_intent.succeeded", "charge.dispute.created", "charge.dispute.funds_withdrawn"]);
    const [dispute] = (await t.stripe.disputes.list({ limit: 1 })).data;
    expect(dispute?.status).toBe("needs_response");
    expect(await eventsOf(t, () => t.stripe.disputes.update(dispute!.id, { evidence: { uncategorized_text: "Delivered" } }))).toEqual(["charge.dispute.updated"]);
    expect(await eventsOf(t, () => t.stripe.disputes.close(dispute!.id))).toEqual(["charge.dispute.closed"]);
  });

  test("transfers to a connected account: created, updated, reversed; only the platform may transfer", async () => {
    const account = await t.stripe.accounts.create({ type: "express" });
    let transfer: Stripe.Transfer | undefined;
    expect(await eventsOf(t, async () => void (transfer = await t.stripe.transfers.create({ amount: 1000, currency: "usd", destination: account.id })))).toEqual(["transfer.created"]);
    expect(await eventsOf(t, () => t.stripe.transfers.update(transfer!.id, { metadata: { a: "b" } }))).toEqual(["transfer.updated"]);
    expect(await eventsOf(t, () => t.stripe.transfers.createReversal(transfer!.id, { amount: 100 }))).toEqual(["transfer.reversed"]);
    await expect(t.stripe.transfers.create({ amount: 1, currency: "usd", destination: account.id }, { stripeAccount: account.id })).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe("customers, products, prices", () => {
  test("customers.search is a search, not a customer id", async () => {
    const email = `search-${Date.now()}@example.com`;
    const customer = await t.stripe.customers.create({ email, metadata: { plan: "gold" } });
    const found = await t.stripe.customers.search({ query: `email:'${email}'` });
    expect(found.object).toBe("search_result");
    expect(found.data.map((c) => c.id)).toEqual([customer.id]);
    expect((await t.stripe.customers.search({ query: `metadata['plan']:'gold' AND email~'search-'` })).data.map((c) => c.id)).toContain(customer.id);
  });

  test("products and prices emit created/updated/deleted events", async () => {
    let product: Stripe.Product | undefined;
    expect(await eventsOf(t, async () => void (product = await t.stripe.products.create({ name: "Events" })))).toEqual(["product.created"]);
    expect(await eventsOf(t, () => t.stripe.products.update(product!.id, { metadata: { a: "b" } }))).toEqual(["product.updated"]);
    let price: Stripe.Price | undefined;
    expect(await eventsOf(t, async () => void (price = await t.stripe.prices.create({ product: product!.id, currency: "usd", unit_amount: 100 })))).toEqual(["price.created"]);
    expect(await eventsOf(t, () => t.stripe.prices.update(price!.id, { nickname: "n" }))).toEqual(["price.updated"]);
    const bare = await t.stripe.products.create({ name: "Gone" });
    expect(await eventsOf(t, () => t.stripe.products.del(bare.id))).toEqual(["product.deleted"]);
  });
});

describe("errors as Stripe answers them", () => {
  const raw = (method: string, path: string, body?: string) =>
    fetch(`${t.sandbox.url}${path}`, { method, headers: { authorization: `Bearer ${TEST_KEY}`, "content-type": "application/x-www-form-urlencoded" }, body });

  test("unknown routes are 404 and unknown params 400 parameter_unknown; missing objects resource_missing", async () => {
    expect((await raw("POST", "/v1/payment_intents/pi_x/teleport")).status).toBe(404);
    const unknown = await raw("POST", "/v1/payment_intents", "amount=100&currency=usd&color=blue");
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { code: string; param: string } }).error).toMatchObject({ code: "parameter_unknown", param: "color" });
    await expect(t.stripe.paymentIntents.retrieve("pi_missing")).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
    await expect(t.stripe.paymentMethods.attach("pm_missing", { customer: "cus_missing" })).rejects.toMatchObject({ code: "resource_missing" });
  });
});
