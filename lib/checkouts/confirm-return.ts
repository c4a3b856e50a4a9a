import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { checkouts, organizations, plans, subscriptions, type SubscriptionStatus } from "@/db/schema";
import { currentLogContext, logger } from "@/lib/utils/logger";
import { syncCheckoutFromProvider } from "./confirm-checkout";
import { failureOf, recordCheckoutRequest } from "./record-checkout-request";

export type ReturnResult = "completed" | "processing" | "canceled" | "expired" | "failed";

export interface ReturnOutcome {
  result: ReturnResult;
  merchant: string;
  plan: string;
  subscriptionStatus: SubscriptionStatus | null;
  /** The merchant's own page to send the buyer on to, if they gave one for this result. */
  redirectTo: string | null;
  /** The provider could not be asked just now; the result is what Beacon already knew. */
  providerUnreachable: boolean;
}

/**
 * The buyer is back from the hosted checkout. Beacon asks the provider (never trusting the URL),
 * applies the answer through the one writer, and says what happened. The checkout id in the URL
 * is unguessable and the page shows nothing private, so the buyer needs no Beacon account.
 */
export async function confirmReturn({ input }: { input: { checkoutId: string; providerCheckoutId?: string; canceled: boolean } }): Promise<ReturnOutcome | null> {
  const [found] = await db.select().from(checkouts).where(eq(checkouts.id, input.checkoutId));
  // Stripe also names the session: one that is not this checkout's means the URL was altered.
  if (!found || (input.providerCheckoutId && input.providerCheckoutId !== found.providerCheckoutId)) return null;
  const startedAt = new Date();
  let providerUnreachable = false;
  let synced: Awaited<ReturnType<typeof syncCheckoutFromProvider>> | null = null;
  let failure: ReturnType<typeof failureOf> | null = null;
  try {
    synced = await syncCheckoutFromProvider(found, { source: "confirmation", sourceRef: found.id });
  } catch (error) {
    providerUnreachable = true;
    failure = failureOf(error);
    logger.warn({ err: error, checkoutId: found.id }, "return confirmation could not reach the provider");
  }
  // The visit as the buyer made it (the URL holds nothing private), for the checkout's chain.
  const query = new URLSearchParams({ checkout: found.id, ...(input.providerCheckoutId ? { session_id: input.providerCheckoutId } : {}), ...(input.canceled ? { outcome: "canceled" } : {}) });
  await recordCheckoutRequest(
    { organizationId: found.organizationId, mode: found.mode, principal: null },
    {
      kind: "return",
      checkoutId: found.id,
      method: "GET",
      path: `/billing/return?${query}`,
      requestId: currentLogContext().requestId ?? null,
      startedAt,
      outcome: synced ? (synced.result.changed ? "confirmed" : "unchanged") : "error",
      providerStatus: synced?.remote.status ?? null,
      detail: failure?.detail ?? null,
    },
  );
  const [row] = await db
    .select({ checkout: checkouts, plan: plans.name, merchant: organizations.name, subscriptionStatus: subscriptions.status })
    .from(checkouts)
    .innerJoin(plans, eq(plans.id, checkouts.planId))
    .innerJoin(organizations, eq(organizations.id, checkouts.organizationId))
    .leftJoin(subscriptions, eq(subscriptions.id, checkouts.subscriptionId))
    .where(eq(checkouts.id, found.id));
  const { checkout } = row!;
  const result: ReturnResult = checkout.status === "open" ? (input.canceled ? "canceled" : "processing") : checkout.status;
  const redirectTo = result === "completed" ? checkout.successUrl : result === "processing" ? null : checkout.cancelUrl;
  return { result, merchant: row!.merchant, plan: row!.plan, subscriptionStatus: row!.subscriptionStatus, redirectTo, providerUnreachable };
}
