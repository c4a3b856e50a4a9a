import "server-only";
import { db } from "@/db";
import { overviewCounts } from "@/db/queries/overview";
import type { Mode } from "@/db/schema";
import { hasRole, type OrgContext } from "@/lib/auth/context";
import { listAlerts } from "@/lib/observability/alerts/list-alerts";
import { quickstartChecklist } from "./quickstart-checklist";
import { recentActivity } from "./recent-activity";
import { churnWindowStart, subscriptionKpis } from "./subscription-kpis";

/** Everything the Overview shows for one mode: the quickstart checklist, KPIs, alerts and activity. */
export async function getOverview({ ctx, mode, now = new Date() }: { ctx: OrgContext; mode: Mode; now?: Date }) {
  const { id, slug } = ctx.organization;
  // The alerts are computed alongside the rest; only the checklist's last step waits for them.
  const pending = listAlerts({ ctx, mode, now });
  const critical = pending.then((a) => a.critical);
  critical.catch(() => {}); // a failure surfaces once, through `pending`
  // The checklist's and the KPIs' figures come from one statement.
  const counts = overviewCounts(db, id, mode, churnWindowStart(now));
  const [alerts, steps, kpis, activity] = await Promise.all([
    pending,
    counts.then((c) => quickstartChecklist(c, slug, critical)),
    counts.then((c) => subscriptionKpis(id, mode, c)),
    recentActivity(id, slug, mode, hasRole(ctx, "admin")),
  ]);
  return { mode, steps, kpis, alerts: { critical: alerts.critical, warning: alerts.warning, top: alerts.alerts.slice(0, 3) }, activity };
}

export type GetOverviewResponse = Awaited<ReturnType<typeof getOverview>>;
