import "server-only";
import type Stripe from "stripe";
import type { CustomerTaxInfo } from "@/db/schema";
import type { ProviderCheckout } from "../types";

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === "string" ? value : (value?.id ?? null));

const states: Record<string, ProviderCheckout["status"]> = { open: "open", complete: "completed", expired: "expired" };

/** A Checkout Session as Beacon sees it. Stripe never fails a session: a declined card leaves it open. */
export function toProviderCheckout(session: Stripe.Checkout.Session): ProviderCheckout {
  const details = session.customer_details;
  const taxInfo: CustomerTaxInfo | null = details
    ? {
        taxIds: (details.tax_ids ?? []).map((t) => ({ type: t.type, value: t.value ?? "" })),
        country: details.address?.country ?? null,
        postalCode: details.address?.postal_code ?? null,
      }
    : null;
  return {
    providerCheckoutId: session.id,
    beaconCheckoutId: session.client_reference_id ?? session.metadata?.beacon_checkout_id ?? null,
    url: session.url ?? "",
    status: states[session.status ?? "open"] ?? "open",
    expiresAt: session.expires_at ? new Date(session.expires_at * 1000) : null,
    providerCustomerId: idOf(session.customer),
    providerSubscriptionId: idOf(session.subscription),
    customer: details ? { email: details.email ?? null, name: details.name ?? null, taxInfo } : null,
  };
}
