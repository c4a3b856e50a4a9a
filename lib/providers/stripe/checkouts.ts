import "server-only";
import { stripeClient } from "../clients";
import type { CheckoutsPort } from "../checkouts-port";
import type { ConnectionHandle } from "../types";
import { toStripeFailure } from "./account-errors";
import { toProviderCheckout } from "./checkout-map";

function onAccount(handle: ConnectionHandle) {
  const account = handle.connection.accountId;
  if (!account) throw new Error(`Stripe connection ${handle.connection.id} has no connected account yet`);
  return { client: stripeClient(handle.connection.mode), stripeAccount: account };
}

// Everything is created on the merchant's connected account (direct charges, `Stripe-Account`):
// the products, prices, sessions and the resulting subscriptions are the merchant's.
export const stripeCheckouts = {
  async syncPlanPrice(handle, input) {
    const { client, stripeAccount } = onAccount(handle);
    const metadata = { beacon_plan_id: input.planId, beacon_plan: input.planCode };
    try {
      const productRef =
        input.existingProductRef ??
        (await client.products.create({ name: input.planName, metadata }, { stripeAccount, idempotencyKey: `${input.idempotencyKey}:product` })).id;
      const price = await client.prices.create(
        {
          product: productRef,
          currency: input.currency,
          unit_amount: input.unitAmount,
          recurring: { interval: input.billingCycle === "monthly" ? "month" : "year" },
          metadata: { ...metadata, beacon_billing_cycle: input.billingCycle },
        },
        { stripeAccount, idempotencyKey: `${input.idempotencyKey}:price` },
      );
      return { productRef, priceRef: price.id };
    } catch (error) {
      throw toStripeFailure(error, `creating the plan "${input.planCode}" on the connected account`);
    }
  },

  async createCheckout(handle, req) {
    const { client, stripeAccount } = onAccount(handle);
    const metadata = { beacon_checkout_id: req.checkoutId, beacon_plan: req.plan.code, beacon_billing_cycle: req.billingCycle };
    // Stripe fills in {CHECKOUT_SESSION_ID} itself; it must reach Stripe unencoded.
    const successUrl = `${req.successUrl}${req.successUrl.includes("?") ? "&" : "?"}session_id={CHECKOUT_SESSION_ID}`;
    try {
      const session = await client.checkout.sessions.create(
        {
          mode: "subscription",
          line_items: [{ price: req.priceRef, quantity: 1 }],
          success_url: successUrl,
          cancel_url: req.cancelUrl,
          client_reference_id: req.checkoutId,
          ...(req.customer?.email ? { customer_email: req.customer.email } : {}),
          metadata,
          subscription_data: {
            metadata: { ...metadata, ...(req.customer?.reference ? { beacon_customer_reference: req.customer.reference } : {}) },
            ...(req.trialDays > 0 ? { trial_period_days: req.trialDays } : {}),
          },
          ...(req.automaticTax ? { automatic_tax: { enabled: true }, tax_id_collection: { enabled: true } } : {}),
        },
        { stripeAccount, idempotencyKey: req.idempotencyKey },
      );
      return toProviderCheckout(session);
    } catch (error) {
      throw toStripeFailure(error, "creating the Checkout Session");
    }
  },

  async retrieveCheckout(handle, providerCheckoutId) {
    const { client, stripeAccount } = onAccount(handle);
    try {
      return toProviderCheckout(await client.checkout.sessions.retrieve(providerCheckoutId, {}, { stripeAccount }));
    } catch (error) {
      throw toStripeFailure(error, "retrieving the Checkout Session");
    }
  },
} satisfies CheckoutsPort;
