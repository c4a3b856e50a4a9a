import "server-only";
import { and, eq } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { customers, plans, subscriptions, type BillingCycle } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { actorOf, requireRole, type OrgContext } from "@/lib/auth/context";
import { loadConnectionHandle } from "@/lib/connections/load-connection";
import { ensurePlanPriceRef } from "@/lib/plans/ensure-plan-price-ref";
import { findPlanPrice } from "@/lib/plans/find-plan-price";
import { getAdapter } from "@/lib/providers";
import { providerLabel } from "@/lib/providers/traits";
import { iso } from "@/lib/utils/iso";
import type { SubscriptionAction } from "@/lib/providers/events-port";
import type { ConnectionHandle } from "@/lib/providers/types";
import type { SubscriptionActionInput } from "@/lib/validations/subscriptions";
import { allowedActions } from "./action-rules";
import { applySubscriptionChange } from "./apply-subscription-change";

const labels = { pause: "paused", resume: "resumed", cancel: "canceled", cancel_at_period_end: "set to cancel at period end", change_plan: "moved to another plan" };

/**
 * Pause, resume, cancel (now or at period end) or change plan: checked against the provider's
 * rules, done at the provider, then applied through the single writer with the provider's answer
 * (timeline source `api`, the member as the reference) and audited.
 */
export async function changeSubscription({ ctx, input }: { ctx: OrgContext; input: { subscriptionId: string } & SubscriptionActionInput }) {
  requireRole(ctx, "admin");
  const [sub] = await db
    .select({ row: subscriptions, providerCustomerId: customers.providerCustomerId, currency: plans.currency })
    .from(subscriptions)
    .leftJoin(customers, eq(customers.id, subscriptions.customerId))
    .leftJoin(plans, eq(plans.id, subscriptions.planId))
    .where(and(eq(subscriptions.id, input.subscriptionId), eq(subscriptions.organizationId, ctx.organization.id)));
  if (!sub) throw new DomainError("not_found", "No such subscription in this organization.");
  const { row } = sub;
  if (!allowedActions(row.provider, row).includes(input.action)) {
    throw new DomainError("conflict", `A ${row.status} ${providerLabel(row.provider)} subscription cannot be ${labels[input.action]}.`);
  }
  const handle = await loadConnectionHandle(db, row.connectionId);
  const action = input.action === "change_plan" ? await planAction(ctx, handle, sub.currency, input.plan, input.billingCycle) : toAction(input.action);
  const remote = await getAdapter(row.provider).changeSubscription(handle, { subscriptionId: row.providerSubscriptionId, customerId: sub.providerCustomerId }, action);
  const actor = actorOf(ctx.principal).actorLabel;
  // Ordered by the provider's clock, like its webhooks and confirmations: the answer is at least
  // as new as the state already applied and as the newest time it carries (a pause's paused_at).
  // The wall clock is not the provider's: a sandbox or test clock running ahead would let the
  // webhooks of what happened there before this change undo it (paused → active → paused).
  const occurredAt = new Date(Math.max(remote.asOf?.getTime() ?? 0, row.stateAt.getTime()));
  return db.transaction(async (tx) => {
    const result = await applySubscriptionChange(tx, {
      connection: handle.connection,
      subscription: remote,
      occurredAt,
      source: "api",
      sourceRef: `dashboard: ${actor}`,
    });
    const scheduled = await scheduledChangeOf(tx, result.subscriptionId);
    await recordAudit(tx, ctx, {
      action: `subscription.${input.action}`,
      targetType: "subscription",
      targetId: row.id,
      metadata: {
        provider: row.provider,
        providerSubscriptionId: row.providerSubscriptionId,
        from: row.status,
        to: remote.status,
        ...(input.action === "change_plan" && { plan: input.plan, billingCycle: input.billingCycle, effectiveAt: scheduled?.effectiveAt ?? "now" }),
      },
    });
    return { subscriptionId: result.subscriptionId, status: remote.status, providerStatus: remote.providerStatus, changed: result.changedFields, scheduled };
  });
}

/** The plan change the provider bills from the next cycle, if one is pending (Conekta). */
async function scheduledChangeOf(tx: Tx, subscriptionId: string) {
  const [row] = await tx
    .select({ plan: plans.code, billingCycle: subscriptions.scheduledBillingCycle, effectiveAt: subscriptions.scheduledPlanAt })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.scheduledPlanId))
    .where(eq(subscriptions.id, subscriptionId));
  return row ? { plan: row.plan, billingCycle: row.billingCycle, effectiveAt: iso(row.effectiveAt) } : null;
}

function toAction(name: Exclude<SubscriptionActionInput["action"], "change_plan">): SubscriptionAction {
  if (name === "cancel" || name === "cancel_at_period_end") return { kind: "cancel", atPeriodEnd: name === "cancel_at_period_end" };
  return { kind: name };
}

/** The target plan's price at this provider account, set up there first if no checkout has needed it yet. */
async function planAction(ctx: OrgContext, handle: ConnectionHandle, currency: string | null, code: string, billingCycle: BillingCycle): Promise<SubscriptionAction> {
  const { plan, price } = await findPlanPrice(db, ctx.organization.id, code, billingCycle);
  if (currency && currency !== plan.currency) {
    throw new DomainError("conflict", `Plan ${code} is priced in ${plan.currency.toUpperCase()}; this subscription pays in ${currency.toUpperCase()}, and a provider cannot change a subscription's currency.`);
  }
  const ref = await ensurePlanPriceRef(handle, plan, price);
  return { kind: "change_plan", priceRef: ref.priceRef };
}

export type ChangeSubscriptionResponse = Awaited<ReturnType<typeof changeSubscription>>;
