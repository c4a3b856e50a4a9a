"use client";

import { useState } from "react";
import { useMode } from "@/components/layout/mode-context";
import { Card, ErrorNote } from "@/components/ui/card";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import { useObservability } from "@/lib/hooks/use-observability";
import { chartRanges, type ChartRange } from "@/lib/validations/observability";
import { AlertList } from "./alert-list";
import { TimeChart, type ChartSeries } from "./time-chart";

// The theme's brand-500 and Tailwind's emerald/amber/red-500: readable on light and dark cards.
const colors = { brand: "#4f6bed", green: "#10b981", amber: "#f59e0b", red: "#ef4444" };

export function ObservabilityView({ org, initialRange }: { org: string; initialRange: ChartRange }) {
  const t = useT();
  const format = useFormat();
  const mode = useMode();
  const [range, setRange] = useState<ChartRange>(initialRange);
  const query = useObservability(org, mode, range);
  const data = query.data;
  const ticks = (data?.series ?? []).map((b) =>
    format.dateTime(b.start, range === "24h" ? { hour: "numeric", minute: "2-digit" } : { weekday: "short", hour: "numeric" }),
  );
  const count = (v: number) => format.number(Math.round(v));
  const values = <K extends keyof NonNullable<typeof data>["series"][number]>(key: K) => (data?.series ?? []).map((b) => b[key] as number | null);
  const charts: { title: string; series: ChartSeries[]; formatValue: (v: number) => string; integer?: boolean }[] = [
    {
      title: t.observability.charts.throughput,
      formatValue: count,
      integer: true,
      series: [
        { label: t.observability.received, kind: "bar", color: colors.brand, values: values("received") },
        { label: t.observability.processed, kind: "bar", color: colors.green, values: values("processed") },
      ],
    },
    {
      title: t.observability.charts.lag,
      formatValue: format.seconds,
      series: [
        { label: t.observability.lagAvg, kind: "line", color: colors.brand, values: values("lagAvgSeconds") },
        { label: t.observability.lagP95, kind: "line", color: colors.amber, values: values("lagP95Seconds") },
      ],
    },
    { title: t.observability.charts.failures, formatValue: count, integer: true, series: [{ label: t.observability.charts.failures, kind: "bar", color: colors.red, values: values("failures") }] },
    { title: t.observability.charts.rejections, formatValue: count, integer: true, series: [{ label: t.observability.charts.rejections, kind: "bar", color: colors.amber, values: values("rejections") }] },
  ];

  return (
    <div className="space-y-6">
      <Card title={t.alerts.title} description={data ? t.alerts.summary(data.alerts.critical, data.alerts.warning) : undefined}>
        <ErrorNote error={query.error} />
        {data && <AlertList alerts={data.alerts.alerts} />}
      </Card>
      <Card
        title={t.observability.ranges[range]}
        description={data ? t.observability.totals(data.totals.received, data.totals.processed, data.totals.failures, data.totals.rejections) : t.common.loading}
        actions={
          <div className="inline-flex rounded-md border border-slate-300 p-0.5 dark:border-slate-700" role="group">
            {chartRanges.map((r) => (
              <button
                key={r}
                type="button"
                aria-pressed={r === range}
                onClick={() => setRange(r)}
                className={`rounded px-2.5 py-1 text-sm ${r === range ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"}`}
              >
                {t.observability.ranges[r]}
              </button>
            ))}
          </div>
        }
      >
        <div className="grid gap-6 lg:grid-cols-2" data-testid="charts">
          {charts.map((c) => (
            <TimeChart key={c.title} title={c.title} series={c.series} ticks={ticks} formatValue={c.formatValue} integer={c.integer} emptyLabel={t.observability.empty} />
          ))}
        </div>
        <p className="mt-4 text-xs text-slate-500">{t.observability.metrics}</p>
      </Card>
    </div>
  );
}
