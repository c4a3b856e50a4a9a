import "server-only";
import type { OrderResponse } from "conekta";
import type { ProviderCheckout } from "../types";

/**
 * A hosted-checkout order as Beacon sees it. A declined card does not end it while the checkout
 * still takes attempts (status `Issued`); it fails once Conekta closes the checkout unpaid.
 */
export function toProviderCheckout(order: OrderResponse, providerSubscriptionId: string | null): ProviderCheckout {
  const checkout = order.checkout;
  const meta = (order.metadata ?? {}) as Record<string, unknown>;
  const closed = checkout?.status !== undefined && checkout.status !== "Issued";
  const status: ProviderCheckout["status"] =
    order.payment_status === "paid"
      ? "completed"
      : order.payment_status === "expired" || order.payment_status === "canceled" || checkout?.status === "Expired"
        ? "expired"
        : order.payment_status === "declined" && closed
          ? "failed"
          : "open";
  const info = order.customer_info;
  return {
    providerCheckoutId: order.id!,
    beaconCheckoutId: typeof meta.beacon_checkout_id === "string" ? meta.beacon_checkout_id : null,
    url: checkout?.url ?? "",
    status,
    expiresAt: checkout?.expires_at ? new Date(checkout.expires_at * 1000) : null,
    providerCustomerId: info?.customer_id ?? null,
    providerSubscriptionId,
    customer: info ? { email: info.email ?? null, name: info.name ?? null, taxInfo: null } : null,
  };
}

/** The plan an order's checkout subscribes to, as Beacon recorded it in the order's metadata. */
export function planRefOf(order: OrderResponse): string | null {
  const ref = (order.metadata as Record<string, unknown> | undefined)?.beacon_plan_ref;
  return typeof ref === "string" ? ref : null;
}
