import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db";
import { checkouts, type Checkout, type CheckoutStatus, type TimelineSource } from "@/db/schema";
import { upsertCustomer } from "@/lib/customers/upsert-customer";
import type { ConnectionHandle, ProviderCheckout, ProviderSubscription } from "@/lib/providers/types";
import { applySubscriptionChange } from "@/lib/subscriptions/apply-subscription-change";

export interface ApplyCheckoutResultInput {
  connection: ConnectionHandle["connection"];
  checkout: ProviderCheckout;
  /** Provider time of this state (event `created`, or the retrieval time on confirmation). */
  occurredAt: Date;
  /** `confirmation` (return page), `api` (confirm endpoint) or `event` (webhook). */
  source: TimelineSource;
  sourceRef: string | null;
  /**
   * The completed checkout's subscription, retrieved by the caller before its transaction: this
   * writer runs inside one and never calls the provider.
   */
  subscription?: ProviderSubscription;
}

export interface ApplyCheckoutResult {
  /** Beacon's checkout id; null when the provider checkout is not one of Beacon's. */
  checkoutId: string | null;
  subscriptionId: string | null;
  /** True when this call moved the checkout's state or linked its subscription. */
  changed: boolean;
}

// Final states are never left, except that a failed checkout (a declined Conekta order) may still
// be paid afterwards; completed is the end of every path.
const rank: Record<CheckoutStatus, number> = { open: 0, failed: 1, expired: 2, completed: 3 };

/**
 * THE single writer of checkout state (open → completed | expired | failed). The return page,
 * the confirm endpoint and the webhook handlers all call it, in any order: the row is locked,
 * a state only moves forward, and on completion the customer and subscription are linked
 * through their own single writers, so whichever path comes second finds the work done.
 */
export async function applyCheckoutResult(tx: Tx, input: ApplyCheckoutResultInput): Promise<ApplyCheckoutResult> {
  const { connection, checkout: remote } = input;
  const [row] = await tx
    .select()
    .from(checkouts)
    .where(and(eq(checkouts.connectionId, connection.id), eq(checkouts.providerCheckoutId, remote.providerCheckoutId)))
    .for("update");
  if (!row) return { checkoutId: null, subscriptionId: null, changed: false };

  const moves = rank[remote.status] > rank[row.status];
  const needsLink = remote.status === "completed" && remote.providerSubscriptionId !== null && row.subscriptionId === null;
  if (!moves && !needsLink) return { checkoutId: row.id, subscriptionId: row.subscriptionId, changed: false };

  const linked = remote.status === "completed" ? await linkSubscription(tx, row, input) : null;
  const firstFinal = moves && row.status === "open";
  await tx
    .update(checkouts)
    .set({
      status: moves ? remote.status : row.status,
      ...(linked ?? {}),
      ...(remote.status === "completed" && !row.completedAt ? { completedAt: input.occurredAt } : {}),
      ...(firstFinal ? { confirmedAt: sql`now()`, confirmedVia: input.source } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(checkouts.id, row.id));
  return { checkoutId: row.id, subscriptionId: linked?.subscriptionId ?? row.subscriptionId, changed: true };
}

async function linkSubscription(tx: Tx, row: Checkout, input: ApplyCheckoutResultInput) {
  const { connection, checkout: remote } = input;
  const customerId = remote.providerCustomerId
    ? await upsertCustomer(tx, {
        connection,
        providerCustomerId: remote.providerCustomerId,
        email: remote.customer?.email ?? row.customerEmail,
        name: remote.customer?.name ?? row.customerName,
        reference: row.customerReference,
        taxInfo: remote.customer?.taxInfo ?? null,
      })
    : row.customerId;
  if (!remote.providerSubscriptionId) return { customerId };
  const subscription = input.subscription;
  if (!subscription) throw new Error(`applyCheckoutResult: retrieve subscription ${remote.providerSubscriptionId} before the transaction and pass it`);
  const applied = await applySubscriptionChange(tx, {
    connection,
    subscription,
    occurredAt: input.occurredAt,
    source: input.source,
    sourceRef: input.sourceRef ?? row.id,
    planId: row.planId,
    billingCycle: row.billingCycle,
    customerId,
  });
  return { customerId, subscriptionId: applied.subscriptionId };
}
