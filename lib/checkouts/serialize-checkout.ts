import "server-only";
import { sql } from "drizzle-orm";
import { checkoutRequests, checkouts, type Checkout, type SubscriptionStatus } from "@/db/schema";
import { env } from "@/lib/env";
import { iso } from "@/lib/utils/iso";
import { checkoutResponse, type CheckoutResponse } from "@/lib/validations/api-responses";

/** How the final state reached Beacon, as the API and the dashboard name it. */
export const confirmedViaName = { confirmation: "return", event: "webhook", api: "api", reconcile: "reconcile" } as const;

/**
 * Selected beside a checkout: the kind of the first confirm call that moved it, so an `api`
 * confirmation reads `dashboard` when it was an admin's "Confirm now" (as the chain names it).
 */
export const confirmKind = sql<string | null>`(select ${checkoutRequests.kind} from ${checkoutRequests} where ${checkoutRequests.checkoutId} = ${checkouts.id} and ${checkoutRequests.outcome} = 'confirmed' and ${checkoutRequests.kind} in ('api_confirm', 'dashboard_confirm') order by ${checkoutRequests.startedAt} limit 1)`;

export const confirmDoorOf = (kind: string | null) => (kind === "dashboard_confirm" ? ("dashboard" as const) : ("api" as const));

/** The API's checkout object (also what the dashboard reads), shaped by its documented schema. */
export function serializeCheckout(
  row: Checkout,
  plan: { code: string },
  subscription: { status: SubscriptionStatus } | null = null,
  now = new Date(),
  /** The customer the provider recorded, once linked: fills in what the request did not say. */
  buyer: { email: string | null; name: string | null } | null = null,
  /** Which door an `api` confirmation came through: the dashboard's "Confirm now" records `api` too. */
  confirmDoor: "api" | "dashboard" = "api",
): CheckoutResponse {
  return checkoutResponse.parse({
    id: row.id,
    object: "subscription_checkout",
    status: row.status,
    provider: row.provider,
    mode: row.mode,
    plan: plan.code,
    billingCycle: row.billingCycle,
    url: row.url,
    customer: { email: row.customerEmail ?? buyer?.email ?? null, name: row.customerName ?? buyer?.name ?? null, reference: row.customerReference },
    successUrl: row.successUrl,
    cancelUrl: row.cancelUrl,
    subscription: row.subscriptionId ? { id: row.subscriptionId, status: subscription?.status ?? null } : null,
    confirmedAt: iso(row.confirmedAt),
    confirmedVia: row.confirmedVia === "api" ? confirmDoor : row.confirmedVia ? confirmedViaName[row.confirmedVia] : null,
    stuck: isStuck(row, now),
    expiresAt: iso(row.expiresAt),
    completedAt: iso(row.completedAt),
    createdAt: row.createdAt.toISOString(),
  });
}

export type SerializedCheckout = CheckoutResponse;

/**
 * Open past BEACON_CHECKOUT_STUCK_MINUTES with nothing heard from the buyer's return or a
 * webhook: the confirmation is probably missing, and "confirm now" asks the provider.
 */
export function isStuck(row: Pick<Checkout, "status" | "confirmedAt" | "createdAt">, now = new Date()) {
  return row.status === "open" && !row.confirmedAt && now.getTime() - row.createdAt.getTime() > env.BEACON_CHECKOUT_STUCK_MINUTES * 60_000;
}
