import "server-only";
import { and, eq } from "drizzle-orm";
import { checkouts } from "@/db/schema";
import { applyCheckoutResult } from "@/lib/checkouts/apply-checkout-result";
import { getAdapter } from "@/lib/providers";
import type { Apply, HandlerContext } from "./types";

/**
 * Checkout events are signals, not state: the checkout is re-fetched (and its subscription with
 * it) and handed to the checkouts' single writer, which the return confirmation also calls, so
 * whichever arrives second finds the work done.
 */
export async function prepareCheckout(ctx: HandlerContext, providerCheckoutId: string): Promise<Apply> {
  const { db, event, handle } = ctx;
  const [known] = await db
    .select({ id: checkouts.id })
    .from(checkouts)
    .where(and(eq(checkouts.connectionId, handle.connection.id), eq(checkouts.providerCheckoutId, providerCheckoutId)));
  if (!known) {
    ctx.log(`${providerCheckoutId} was not created through Beacon`);
    return async () => ({ kind: "ignored", note: `${providerCheckoutId} is not a Beacon checkout` });
  }
  const adapter = getAdapter(handle.connection.provider);
  const checkout = await adapter.retrieveCheckout(handle, providerCheckoutId);
  ctx.log(`re-fetched ${providerCheckoutId}: ${checkout.status}`);
  const subscription =
    checkout.status === "completed" && checkout.providerSubscriptionId
      ? await adapter.retrieveSubscription(handle, { subscriptionId: checkout.providerSubscriptionId, customerId: checkout.providerCustomerId })
      : undefined;
  if (subscription) ctx.log(`re-fetched ${subscription.providerSubscriptionId}: ${subscription.providerStatus}`);
  return async (tx) => {
    const result = await applyCheckoutResult(tx, {
      connection: handle.connection,
      checkout,
      occurredAt: event.providerCreatedAt,
      source: "event",
      sourceRef: event.providerEventId,
      subscription,
    });
    if (!result.changed) return { kind: "duplicate", note: `Checkout already ${checkout.status}` };
    const linked = result.subscriptionId ? `; subscription linked` : "";
    return { kind: "refetched", note: `Checkout ${checkout.status}${linked}` };
  };
}
