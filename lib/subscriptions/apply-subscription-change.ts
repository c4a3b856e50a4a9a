import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db";
import {
  subscriptions,
  subscriptionTimeline,
  type BillingCycle,
  type Subscription,
  type SubscriptionStatus,
  type TimelineSource,
} from "@/db/schema";
import { insertJson } from "@/db/queries/insert-json";
import { connectionScope } from "@/lib/connections/load-connection";
import { traitsOf } from "@/lib/providers/traits";
import type { ConnectionHandle, ProviderSubscription } from "@/lib/providers/types";
import { lockSubscriptionKeys } from "./lock-subscription-key";
import { findCustomerIds, findPlansByPriceRefs, pairsOf, refKey } from "./resolve-subscription-refs";

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

/** The columns a state writes; `stateAt` is the provider time of the newest state applied. */
type State = Tracked & { id: string; customerId: string | null; stateAt: Date };

/**
 * THE single writer of subscription state and its timeline. Locks the rows, refuses input older
 * than the newest state applied (`stateAt`), and appends one timeline entry per changed field.
 * Equal times are applied: callers re-fetch from the provider on same-second ties, so input at
 * the same instant is the provider's current truth.
 */
export async function applySubscriptionChange(tx: Tx, input: ApplySubscriptionChangeInput): Promise<ApplySubscriptionChangeResult> {
  const [result] = await applySubscriptionChanges(tx, [input]);
  return result!;
}

/**
 * The same for many changes in a handful of statements, whatever their number (a worker's batch
 * of events): references resolved, rows locked, created and updated, and timeline entries
 * appended set-wise. Changes to one subscription apply in the order given, each judged against
 * the state the one before it left.
 */
export async function applySubscriptionChanges(
  tx: Tx,
  inputs: ApplySubscriptionChangeInput[],
  /** Sees the locked rows before anything is written; throwing there writes nothing. */
  onLocked?: (rows: Pick<Subscription, "connectionId" | "providerSubscriptionId" | "stateAt">[]) => void,
): Promise<ApplySubscriptionChangeResult[]> {
  if (inputs.length === 0) return [];
  const keyOf = (input: ApplySubscriptionChangeInput) => refKey(input.connection.id, input.subscription.providerSubscriptionId);
  const keys = inputs.map((i) => ({ connectionId: i.connection.id, providerSubscriptionId: i.subscription.providerSubscriptionId }));
  // The references are read while the locks are taken; the rows only once they are held.
  const [plans, customerIds, locked] = await Promise.all([
    findPlansByPriceRefs(
      tx,
      inputs.flatMap((i) => (i.planId === undefined && i.subscription.priceRef ? [{ connectionId: i.connection.id, ref: i.subscription.priceRef }] : [])),
    ),
    findCustomerIds(
      tx,
      inputs.flatMap((i) => (i.customerId === undefined && i.subscription.providerCustomerId ? [{ connectionId: i.connection.id, ref: i.subscription.providerCustomerId }] : [])),
    ),
    lockSubscriptionKeys(tx, keys).then(() => lockSubscriptions(tx, keys)),
  ]);
  onLocked?.(locked);
  const states = new Map<string, State>(locked.map((row) => [refKey(row.connectionId, row.providerSubscriptionId), row]));
  const created = new Map<string, State & { input: ApplySubscriptionChangeInput }>();
  const updated = new Set<string>();
  const timeline: (typeof subscriptionTimeline.$inferInsert)[] = [];

  const results = inputs.map((input): ApplySubscriptionChangeResult => {
    const { connection, subscription: sub, occurredAt } = input;
    const key = keyOf(input);
    const plan =
      input.planId !== undefined
        ? { planId: input.planId, billingCycle: input.billingCycle ?? null }
        : sub.priceRef
          ? (plans.get(refKey(connection.id, sub.priceRef)) ?? null)
          : null;
    const customerId =
      input.customerId !== undefined ? input.customerId : sub.providerCustomerId ? (customerIds.get(refKey(connection.id, sub.providerCustomerId)) ?? null) : null;
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

    const existing = states.get(key);
    if (!existing) {
      const state = { id: randomUUID(), ...next, customerId, stateAt: occurredAt };
      states.set(key, state);
      created.set(key, { ...state, input });
      const rows = [entry("status", null, next.status, state.id)];
      if (next.planId) rows.push(entry("plan", null, next.planId, state.id));
      timeline.push(...rows);
      return { subscriptionId: state.id, applied: true, previousStatus: null, changedFields: rows.map((r) => r.field) };
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
    const changes = timelineFields.filter(([field]) => text(existing[field]) !== text(merged[field])).map(([field, name]) => entry(name, existing[field], merged[field], existing.id));
    timeline.push(...changes);
    states.set(key, { ...existing, ...merged, customerId: customerId ?? existing.customerId, stateAt: occurredAt });
    const pending = created.get(key);
    if (pending) created.set(key, { ...pending, ...states.get(key)! });
    else updated.add(key);
    return { subscriptionId: existing.id, applied: true, previousStatus: existing.status, changedFields: changes.map((c) => c.field) };
  });

  if (created.size > 0) {
    const rows = [...created.values()].map(({ input, ...state }) => ({ ...connectionScope(input.connection), providerSubscriptionId: input.subscription.providerSubscriptionId, ...state }));
    const inserted = await tx.execute(insertJson(subscriptions, rows, sql`on conflict do nothing returning id`));
    // A writer that does not take the key lock created one meanwhile: apply over theirs. Nothing
    // was written yet but the rows just inserted, which the second pass updates.
    if (inserted.length < rows.length) return applySubscriptionChanges(tx, inputs, onLocked);
  }
  await Promise.all([
    updated.size > 0 ? writeStates(tx, [...updated].map((key) => states.get(key)!)) : null,
    timeline.length > 0 ? tx.execute(insertJson(subscriptionTimeline, timeline)) : null,
  ]);
  return results;
}

/** Every updated row's new state, in one statement. */
function writeStates(tx: Tx, rows: State[]) {
  const s = subscriptions;
  return tx.execute(sql`
    update ${s} set
      status = v.status, provider_status = v.provider_status, plan_id = v.plan_id, billing_cycle = v.billing_cycle,
      current_period_start = v.current_period_start, current_period_end = v.current_period_end, trial_end = v.trial_end,
      cancel_at_period_end = v.cancel_at_period_end, canceled_at = v.canceled_at, scheduled_plan_id = v.scheduled_plan_id,
      scheduled_billing_cycle = v.scheduled_billing_cycle, scheduled_plan_at = v.scheduled_plan_at, customer_id = v.customer_id,
      state_at = v.state_at, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(
      rows.map((r) => ({
        id: r.id,
        status: r.status,
        provider_status: r.providerStatus,
        plan_id: r.planId,
        billing_cycle: r.billingCycle,
        current_period_start: r.currentPeriodStart,
        current_period_end: r.currentPeriodEnd,
        trial_end: r.trialEnd,
        cancel_at_period_end: r.cancelAtPeriodEnd,
        canceled_at: r.canceledAt,
        scheduled_plan_id: r.scheduledPlanId,
        scheduled_billing_cycle: r.scheduledBillingCycle,
        scheduled_plan_at: r.scheduledPlanAt,
        customer_id: r.customerId,
        state_at: r.stateAt,
      })),
    )}::jsonb) as v(id uuid, status subscription_status, provider_status text, plan_id uuid, billing_cycle billing_cycle,
      current_period_start timestamptz, current_period_end timestamptz, trial_end timestamptz, cancel_at_period_end boolean,
      canceled_at timestamptz, scheduled_plan_id uuid, scheduled_billing_cycle billing_cycle, scheduled_plan_at timestamptz,
      customer_id uuid, state_at timestamptz)
    where ${s.id} = v.id`);
}

/** The rows of these subscriptions that exist, locked for update. */
function lockSubscriptions(tx: Tx, keys: { connectionId: string; providerSubscriptionId: string }[]) {
  return tx
    .select()
    .from(subscriptions)
    .where(sql`(${subscriptions.connectionId}, ${subscriptions.providerSubscriptionId}) in ${pairsOf(keys.map((k) => ({ connectionId: k.connectionId, ref: k.providerSubscriptionId })))}`)
    .orderBy(subscriptions.id)
    .for("update");
}
