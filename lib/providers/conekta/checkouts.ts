import "server-only";
import { createHash } from "node:crypto";
import { OrdersApi, PlansApi, SubscriptionsApi, type OrderRequest, type OrderResponse, type SubscriptionResponse } from "conekta";
import { DomainError } from "@/lib/errors";
import { conektaConfig } from "../clients";
import type { CheckoutsPort } from "../checkouts-port";
import type { CheckoutRequest, ConnectionHandle } from "../types";
import { isNotFound, toConektaFailure } from "./account-errors";
import { planRefOf, toProviderCheckout } from "./checkout-map";

function config(handle: ConnectionHandle) {
  if (!handle.credential) throw new DomainError("conflict", "This Conekta connection has no saved private key.");
  return conektaConfig(handle.credential);
}

// Conekta documents no idempotency keys. Beacon sends one anyway (ignored where unsupported),
// and makes retries safe itself: plans get a deterministic id, and an order is looked up by
// Beacon's checkout id (in its metadata) before a new one is created. The checkout keeps
// Conekta's default lifetime: a fixed expires_at would make a retried request differ.
const idempotent = (key: string) => ({ headers: { "Idempotency-Key": key } });

/** The subscription a paid checkout started: the customer's newest on the order's plan. */
async function subscriptionOf(handle: ConnectionHandle, customerId: string, planRef: string | null): Promise<string | null> {
  // The SDK types the list as one subscription; the API answers a paged list.
  const list = (await new SubscriptionsApi(config(handle)).subscriptionList(customerId, "en")).data as unknown as { data?: SubscriptionResponse[] };
  const matching = (list.data ?? []).filter((s) => !planRef || s.plan_id === planRef);
  return matching.sort((a, b) => (b.created_at ?? 0) - (a.created_at ?? 0))[0]?.id ?? null;
}

async function retrieve(handle: ConnectionHandle, orderId: string) {
  const order = (await new OrdersApi(config(handle)).getOrderById(orderId, "en")).data;
  const customerId = order.customer_info?.customer_id;
  const subscriptionId = order.payment_status === "paid" && customerId ? await subscriptionOf(handle, customerId, planRefOf(order)) : null;
  return toProviderCheckout(order, subscriptionId);
}

/** An order an earlier attempt of this checkout already created (its answer lost in a crash). */
async function findOrder(api: OrdersApi, checkoutId: string): Promise<OrderResponse | null> {
  const found = (await api.getOrders("en", undefined, 10, checkoutId)).data.data ?? [];
  return found.find((o) => (o.metadata as Record<string, unknown> | undefined)?.beacon_checkout_id === checkoutId) ?? null;
}

function orderRequest(req: CheckoutRequest): OrderRequest {
  const { email = "", name = "", phone = "" } = req.customer ?? {};
  return {
    currency: req.plan.currency.toUpperCase(),
    customer_info: { name, email, phone },
    line_items: [{ name: req.plan.name, unit_price: req.plan.unitAmount, quantity: 1, sku: req.plan.code }],
    checkout: {
      type: "HostedPayment",
      name: req.plan.name,
      plan_ids: [req.priceRef],
      allowed_payment_methods: ["card"],
      success_url: req.successUrl,
      failure_url: req.cancelUrl,
    },
    metadata: {
      beacon_checkout_id: req.checkoutId,
      beacon_plan: req.plan.code,
      beacon_plan_ref: req.priceRef,
      beacon_billing_cycle: req.billingCycle,
      ...(req.customer?.reference ? { beacon_customer_reference: req.customer.reference } : {}),
    },
  };
}

export const conektaCheckouts = {
  async syncPlanPrice(handle, input) {
    const api = new PlansApi(config(handle));
    const id = `beacon-${input.planCode}-${input.billingCycle}-${createHash("sha256").update(input.idempotencyKey).digest("hex").slice(0, 10)}`;
    try {
      const plan = await api.createPlan(
        {
          id,
          name: `${input.planName} (${input.billingCycle})`,
          amount: input.unitAmount,
          currency: input.currency.toUpperCase(),
          interval: input.billingCycle === "monthly" ? "month" : "year",
          frequency: 1,
          ...(input.trialDays > 0 ? { trial_period_days: input.trialDays } : {}),
        },
        "en",
        undefined,
        idempotent(input.idempotencyKey),
      );
      return { productRef: null, priceRef: plan.data.id ?? id };
    } catch (error) {
      // An earlier attempt created it and its answer was lost: the id says which plan it is.
      const existing = await api.getPlan(id, "en").catch(() => null);
      if (existing?.data.id) return { productRef: null, priceRef: existing.data.id };
      throw toConektaFailure(error, `creating the plan "${input.planCode}" at Conekta`);
    }
  },

  async createCheckout(handle, req) {
    const api = new OrdersApi(config(handle));
    try {
      const earlier = await findOrder(api, req.checkoutId);
      if (earlier) return toProviderCheckout(earlier, null);
      const order = await api.createOrder(orderRequest(req), "en", undefined, idempotent(req.idempotencyKey));
      return toProviderCheckout(order.data, null);
    } catch (error) {
      throw toConektaFailure(error, "creating the hosted checkout order");
    }
  },

  async retrieveCheckout(handle, providerCheckoutId) {
    try {
      return await retrieve(handle, providerCheckoutId);
    } catch (error) {
      if (isNotFound(error)) throw new DomainError("not_found", `Conekta has no order ${providerCheckoutId}.`);
      throw toConektaFailure(error, "retrieving the checkout order");
    }
  },
} satisfies CheckoutsPort;
