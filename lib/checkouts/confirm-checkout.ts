import "server-only";
import { db } from "@/db";
import type { Checkout, TimelineSource } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { loadConnectionHandle } from "@/lib/connections/load-connection";
import { getAdapter } from "@/lib/providers";
import { applyCheckoutResult } from "./apply-checkout-result";
import { loadCheckout } from "./load-checkout";
import { serializeCheckout } from "./serialize-checkout";

/**
 * Asks the provider for the checkout's state now and applies it. Provider calls happen before
 * the transaction, so no row is locked while the network is slow. Safe to repeat, and safe
 * against a webhook doing the same at the same moment: applyCheckoutResult is the one writer.
 */
export async function syncCheckoutFromProvider(
  row: Pick<Checkout, "id" | "connectionId" | "providerCheckoutId">,
  options: { source: TimelineSource; sourceRef: string | null; ctx?: OrgContext },
) {
  const handle = await loadConnectionHandle(db, row.connectionId);
  const adapter = getAdapter(handle.connection.provider);
  const remote = await adapter.retrieveCheckout(handle, row.providerCheckoutId);
  const subscription =
    remote.status === "completed" && remote.providerSubscriptionId
      ? await adapter.retrieveSubscription(handle, { subscriptionId: remote.providerSubscriptionId, customerId: remote.providerCustomerId })
      : undefined;
  return db.transaction(async (tx) => {
    const result = await applyCheckoutResult(tx, {
      connection: handle.connection,
      checkout: remote,
      occurredAt: new Date(),
      source: options.source,
      sourceRef: options.sourceRef,
      subscription,
    });
    if (options.ctx) {
      await recordAudit(tx, options.ctx, {
        action: "checkout.confirmed",
        targetType: "checkout",
        targetId: row.id,
        metadata: { providerStatus: remote.status, changed: result.changed, subscriptionId: result.subscriptionId },
      });
    }
    return { remote, result };
  });
}

/** POST …/confirm (API) and "confirm now" (dashboard, admins): returns the checkout as it is now. */
export async function confirmCheckout({ ctx, checkoutId, requestId }: { ctx: OrgContext; checkoutId: string; requestId: string }) {
  if (ctx.principal.type !== "api_token") requireRole(ctx, "admin");
  const { checkout } = await loadCheckout(ctx, checkoutId);
  await syncCheckoutFromProvider(checkout, { source: "api", sourceRef: requestId, ctx });
  const fresh = await loadCheckout(ctx, checkoutId);
  return serializeCheckout(fresh.checkout, fresh.plan, fresh.subscription, new Date(), fresh.buyer);
}

export type ConfirmCheckoutResponse = Awaited<ReturnType<typeof confirmCheckout>>;
