"use client";

import Link from "next/link";
import { AlertList } from "@/components/observability/alert-list";
import { useMode } from "@/components/layout/mode-context";
import { Card, ErrorNote } from "@/components/ui/card";
import { useT } from "@/lib/i18n/i18n-context";
import { useOverview } from "@/lib/hooks/use-overview";
import { KpiCards } from "./kpi-cards";
import { QuickstartChecklist } from "./quickstart-checklist";
import { RecentActivity } from "./recent-activity";

export function OverviewView({ org }: { org: string }) {
  const t = useT();
  const mode = useMode();
  const { data, error } = useOverview(org, mode);
  if (!data) return <ErrorNote error={error} />;
  return (
    <div className="space-y-6">
      <QuickstartChecklist steps={data.steps} />
      <Card
        title={t.alerts.title}
        description={t.alerts.summary(data.alerts.critical, data.alerts.warning)}
        actions={
          <Link href={`/${org}/observability`} className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-500">
            {t.alerts.seeAll} →
          </Link>
        }
      >
        <AlertList alerts={data.alerts.top} />
      </Card>
      <KpiCards kpis={data.kpis} />
      <RecentActivity items={data.activity} />
    </div>
  );
}
