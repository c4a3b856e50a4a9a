"use client";

import { Card } from "@/components/ui/card";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import type { GetOverviewResponse } from "@/lib/overview/get-overview";

function Kpi({ label, children, note, testId }: { label: string; children: React.ReactNode; note?: string; testId: string }) {
  return (
    <Card>
      <div className="text-sm text-slate-500 dark:text-slate-400">{label}</div>
      <div className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {children}
      </div>
      {note && <div className="text-xs text-slate-500 dark:text-slate-400">{note}</div>}
    </Card>
  );
}

export function KpiCards({ kpis }: { kpis: GetOverviewResponse["kpis"] }) {
  const t = useT();
  const format = useFormat();
  const k = t.overview.kpis;
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
      <Kpi label={k.active} testId="kpi-active">{format.number(kpis.active)}</Kpi>
      <Kpi label={k.trialing} testId="kpi-trialing">{format.number(kpis.trialing)}</Kpi>
      <Kpi label={k.pastDue} testId="kpi-past-due">{format.number(kpis.pastDue)}</Kpi>
      <Kpi label={k.mrr} testId="kpi-mrr" note={kpis.mrr.length === 0 ? k.mrrNone : undefined}>
        {kpis.mrr.length === 0 ? "—" : kpis.mrr.map((m) => <div key={m.currency}>{format.money(m.amount, m.currency)}</div>)}
      </Kpi>
      <Kpi label={k.churn} testId="kpi-churn" note={kpis.churn.rate === null ? k.churnNone : k.churnNote(kpis.churn.canceled, kpis.churn.base)}>
        {kpis.churn.rate === null ? "—" : format.percent(kpis.churn.rate)}
      </Kpi>
    </div>
  );
}
