import "server-only";
import { db } from "@/db";
import { recentAudit, recentTimeline } from "@/db/queries/overview";
import type { Mode } from "@/db/schema";

export type ActivityItem =
  | {
      kind: "timeline";
      id: string;
      at: string;
      subscriptionId: string;
      provider: string;
      field: string;
      from: string | null;
      to: string | null;
      source: string;
      href: string;
      /** The customer's name, else email, else the merchant's reference; null when unknown. */
      customer: string | null;
      plan: string | null;
      /** The plan's price for the subscription's cycle. */
      price: { minor: number; currency: string; cycle: string } | null;
    }
  | { kind: "audit"; id: string; at: string; action: string; actor: string };

/** What happened lately: subscription changes in this mode and, for admins, the audit log. */
export async function recentActivity(organizationId: string, slug: string, mode: Mode, includeAudit: boolean, limit = 12): Promise<ActivityItem[]> {
  const [timeline, audit] = await Promise.all([recentTimeline(db, organizationId, mode, limit), includeAudit ? recentAudit(db, organizationId, limit) : []]);
  // Plan changes are recorded as plan ids; people know plans by their name (read with the change).
  const shown = (field: string, value: string | null, name: string | null) => (field === "plan" && value ? (name ?? value) : value);
  const items: ActivityItem[] = [
    ...timeline.map((t) => ({
      kind: "timeline" as const,
      id: `t${t.id}`,
      at: t.at.toISOString(),
      subscriptionId: t.subscriptionId,
      provider: t.provider,
      field: t.field,
      from: shown(t.field, t.fromValue, t.fromPlanName),
      to: shown(t.field, t.toValue, t.toPlanName),
      source: t.source,
      href: `/${slug}/subscriptions/${t.subscriptionId}`,
      customer: t.customerName || t.customerEmail || t.customerReference || null,
      plan: t.planName,
      price: t.unitAmount !== null && t.currency && t.billingCycle ? { minor: t.unitAmount, currency: t.currency, cycle: t.billingCycle } : null,
    })),
    ...audit.map((a) => ({ kind: "audit" as const, id: `a${a.id}`, at: a.at.toISOString(), action: a.action, actor: a.actorLabel })),
  ];
  return items.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
}
