import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db";
import {
  subscriptions,
  subscriptionTimeline,
  type BillingCycle,
  type Subscription,
  type SubscriptionStatus,
  type TimelineSource,
} from "@/db/schema";
import { connectionScope } from "@/lib/connections/load-connection";
import { traitsOf } from "@/lib/providers/traits";
import type { ConnectionHandle, ProviderSubscription } from "@/lib/providers/types";
import { lockSubscriptionKey } from "./lock-subscription-key";
import { findCustomerId, findPlanByPriceRef } from "./resolve-subscription-refs";

export interface ApplySubscriptionChangeInput {
  connection: ConnectionHandle["connection"];
  subscription: ProviderSubscription;
  /** Provider time of this state (event `created`, or retrieval time for a re-fetch). */
  occurredAt: Date;
  source: TimelineSource;
  /** Event id, checkout id or request id behind the change. */
  sourceRef: string | null;
  /** Omitted: resolved from `subscription.priceRef` through the connection's synced plans. */
  planId?: string | null;
  billingCycle?: BillingCycle | null;
  /** Omitted: resolved from `subscription.providerCustomerId`. */
  customerId?: string | null;
}

export interface ApplySubscriptionChangeResult {
  subscriptionId: string;
  /** False when the input is older than the state already applied (the caller records stale_skipped). */
  applied: boolean;
  previousStatus: SubscriptionStatus | null;
  /** Timeline fields this call changed (empty when the state was already there). */
  changedFields: string[];
}

type Tracked = Pick<
  Subscription,
  | "status"
  | "providerStatus"
  | "planId"
  | "billingCycle"
  | "currentPeriodStart"
  | "currentPeriodEnd"
  | "trialEnd"
  | "cancelAtPeriodEnd"
  | "canceledAt"
  | "scheduledPlanId"
  | "scheduledBillingCycle"
  | "scheduledPlanAt"
>;

// Timeline field names, in the order they are shown; `provider_status` is kept out of the
// timeline when the normalized status already says it (e.g. incomplete_expired → canceled).
const timelineFields: [keyof Tracked, string][] = [
  ["status", "status"],
  ["planId", "plan"],
  ["billingCycle", "billing_cycle"],
  ["cancelAtPeriodEnd", "cancel_at_period_end"],
  ["currentPeriodEnd", "current_period_end"],
  ["trialEnd", "trial_end"],
  ["canceledAt", "canceled_at"],
  ["scheduledPlanId", "scheduled_plan"],
  ["scheduledBillingCycle", "scheduled_billing_cycle"],
  ["scheduledPlanAt", "scheduled_plan_at"],
];

const unscheduled = { scheduledPlanId: null, scheduledBillingCycle: null, scheduledPlanAt: null } as const;

/**
 * A provider that bills a new plan from the next cycle (Conekta) names it on the subscription at
 * once. While the cycle is the one already known, the plan being billed stays the applied one and
 * the new one is scheduled for the cycle's end (the trial's end, when its first charge comes
 * then); the renewal (a new cycle start) makes it the plan. Anything else clears the schedule.
 */
function withPlanTiming(provider: ConnectionHandle["connection"]["provider"], existing: Tracked, next: Tracked): Tracked {
  const samePlan = next.planId === existing.planId && next.billingCycle === existing.billingCycle;
  const sameCycle = text(next.currentPeriodStart) === text(existing.currentPeriodStart);
  if (traitsOf(provider).planChange !== "next_cycle" || samePlan || !sameCycle || !existing.planId || next.status === "canceled") {
    return { ...next, ...unscheduled };
  }
  return {
    ...next,
    planId: existing.planId,
    billingCycle: existing.billingCycle,
    scheduledPlanId: next.planId,
    scheduledBillingCycle: next.billingCycle,
    scheduledPlanAt: (next.status === "trialing" ? next.trialEnd : null) ?? next.currentPeriodEnd ?? existing.currentPeriodEnd,
  };
}

const text = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));

/**
 * THE single writer of subscription state and its timeline. Locks the row, refuses input older
 * than the newest state applied (`stateAt`), and appends one timeline entry per changed field.
 * Equal times are applied: callers re-fetch from the provider on same-second ties, so input at
 * the same instant is the provider's current truth.
 */
export async function applySubscriptionChange(tx: Tx, input: ApplySubscriptionChangeInput): Promise<ApplySubscriptionChangeResult> {
  const { connection, subscription: sub, occurredAt } = input;
  const plan =
    input.planId !== undefined
      ? { planId: input.planId, billingCycle: input.billingCycle ?? null }
      : sub.priceRef
        ? await findPlanByPriceRef(tx, connection.id, sub.priceRef)
        : null;
  const customerId =
    input.customerId !== undefined
      ? input.customerId
      : sub.providerCustomerId
        ? await findCustomerId(tx, connection.id, sub.providerCustomerId)
        : null;

  const next: Tracked = {
    status: sub.status,
    providerStatus: sub.providerStatus,
    planId: plan?.planId ?? null,
    billingCycle: plan?.billingCycle ?? input.billingCycle ?? null,
    currentPeriodStart: sub.currentPeriodStart,
    currentPeriodEnd: sub.currentPeriodEnd,
    trialEnd: sub.trialEnd,
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
    canceledAt: sub.canceledAt,
    ...unscheduled,
  };

  await lockSubscriptionKey(tx, connection.id, sub.providerSubscriptionId);
  const existing = await lockSubscription(tx, connection.id, sub.providerSubscriptionId);
  const entry = (field: string, from: unknown, to: unknown, subscriptionId: string) => ({
    subscriptionId,
    organizationId: connection.organizationId,
    field,
    fromValue: text(from),
    toValue: text(to),
    occurredAt,
    source: input.source,
    sourceRef: input.sourceRef,
  });

  if (!existing) {
    const [created] = await tx
      .insert(subscriptions)
      .values({
        ...connectionScope(connection),
        providerSubscriptionId: sub.providerSubscriptionId,
        customerId,
        ...next,
        stateAt: occurredAt,
      })
      .onConflictDoNothing()
      .returning({ id: subscriptions.id });
    // A concurrent writer created it between our lock attempt and insert: apply over theirs.
    if (!created) return applySubscriptionChange(tx, input);
    const rows = [entry("status", null, next.status, created.id)];
    if (next.planId) rows.push(entry("plan", null, next.planId, created.id));
    await tx.insert(subscriptionTimeline).values(rows);
    return { subscriptionId: created.id, applied: true, previousStatus: null, changedFields: rows.map((r) => r.field) };
  }

  if (occurredAt.getTime() < existing.stateAt.getTime()) {
    return { subscriptionId: existing.id, applied: false, previousStatus: existing.status, changedFields: [] };
  }

  // An unknown plan (price not synced to Beacon) or customer keeps what is already known.
  const merged = withPlanTiming(connection.provider, existing, {
    ...next,
    planId: next.planId ?? existing.planId,
    billingCycle: next.billingCycle ?? existing.billingCycle,
  });
  const changes = timelineFields
    .filter(([key]) => text(existing[key]) !== text(merged[key]))
    .map(([key, field]) => entry(field, existing[key], merged[key], existing.id));
  await tx
    .update(subscriptions)
    .set({ ...merged, customerId: customerId ?? existing.customerId, stateAt: occurredAt, updatedAt: sql`now()` })
    .where(eq(subscriptions.id, existing.id));
  if (changes.length > 0) await tx.insert(subscriptionTimeline).values(changes);
  return { subscriptionId: existing.id, applied: true, previousStatus: existing.status, changedFields: changes.map((c) => c.field) };
}

async function lockSubscription(tx: Tx, connectionId: string, providerSubscriptionId: string) {
  const [row] = await tx
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.connectionId, connectionId), eq(subscriptions.providerSubscriptionId, providerSubscriptionId)))
    .for("update");
  return row ?? null;
}
