import "server-only";
import { db } from "@/db";
import type { Checkout, TimelineSource } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { loadConnectionHandle } from "@/lib/connections/load-connection";
import { getAdapter } from "@/lib/providers";
import { applyCheckoutResult } from "./apply-checkout-result";
import { loadCheckout } from "./load-checkout";
import { failureOf, recordCheckoutRequest } from "./record-checkout-request";
import { confirmDoorOf, serializeCheckout } from "./serialize-checkout";

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
  // Ordered by the provider's clock, like its webhooks: stamped with the wall clock, a
  // confirmation made while the provider runs ahead (a sandbox or test clock moved on) is older
  // than the webhooks about the same moment, and their earlier `incomplete` would win over it.
  const occurredAt = subscription?.asOf ?? new Date();
  return db.transaction(async (tx) => {
    const result = await applyCheckoutResult(tx, {
      connection: handle.connection,
      checkout: remote,
      occurredAt,
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

/**
 * POST …/confirm (API) and "confirm now" (dashboard, admins): returns the checkout as it is now.
 * Each attempt on one of the caller's checkouts goes to the checkout request log, failures too.
 */
export async function confirmCheckout({ ctx, input, requestId }: { ctx: OrgContext; input: { checkoutId: string }; requestId: string }) {
  const { checkoutId } = input;
  const startedAt = new Date();
  if (ctx.principal.type !== "api_token") requireRole(ctx, "admin");
  const { checkout } = await loadCheckout(ctx, checkoutId);
  const viaApi = ctx.principal.type === "api_token";
  const log = { organizationId: ctx.organization.id, mode: checkout.mode, principal: ctx.principal };
  const entry = {
    kind: viaApi ? ("api_confirm" as const) : ("dashboard_confirm" as const),
    checkoutId,
    method: "POST",
    path: viaApi ? `/v1/billing/subscription-checkouts/${checkoutId}/confirm` : `/api/orgs/${ctx.organization.slug}/checkouts/${checkoutId}/confirm`,
    requestId,
    startedAt,
  };
  let synced: Awaited<ReturnType<typeof syncCheckoutFromProvider>>;
  try {
    synced = await syncCheckoutFromProvider(checkout, { source: "api", sourceRef: requestId, ctx });
  } catch (error) {
    await recordCheckoutRequest(log, { ...entry, ...failureOf(error) });
    throw error;
  }
  const outcome = synced.result.changed ? ("confirmed" as const) : ("unchanged" as const);
  await recordCheckoutRequest(log, { ...entry, outcome, status: 200, providerStatus: synced.remote.status });
  const fresh = await loadCheckout(ctx, checkoutId);
  return serializeCheckout(fresh.checkout, fresh.plan, fresh.subscription, new Date(), fresh.buyer, confirmDoorOf(fresh.confirmKind));
}

export type ConfirmCheckoutResponse = Awaited<ReturnType<typeof confirmCheckout>>;
