import "server-only";
import type { Mode } from "@/db/schema";
import { hasRole, type OrgContext } from "@/lib/auth/context";
import { listAlerts } from "@/lib/observability/alerts/list-alerts";
import { quickstartChecklist } from "./quickstart-checklist";
import { recentActivity } from "./recent-activity";
import { subscriptionKpis } from "./subscription-kpis";

/** Everything the Overview shows for one mode: the quickstart checklist, KPIs, alerts and activity. */
export async function getOverview({ ctx, mode, now = new Date() }: { ctx: OrgContext; mode: Mode; now?: Date }) {
  const { id, slug } = ctx.organization;
  const alerts = await listAlerts({ ctx, mode, now });
  const [steps, kpis, activity] = await Promise.all([
    quickstartChecklist(id, slug, mode, alerts.critical),
    subscriptionKpis(id, mode, now),
    recentActivity(id, slug, mode, hasRole(ctx, "admin")),
  ]);
  return { mode, steps, kpis, alerts: { critical: alerts.critical, warning: alerts.warning, top: alerts.alerts.slice(0, 3) }, activity };
}

export type GetOverviewResponse = Awaited<ReturnType<typeof getOverview>>;
