"use client";

import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// Evenly spaced time buckets as bars, lines, or both, drawn by recharts: axis labels at a
// readable size whatever the card's width, each bucket's values on hover, lines drawn across
// buckets where nothing was measured (null) instead of isolated dots, and an empty state.

export interface ChartSeries {
  label: string;
  kind: "bar" | "line";
  /** A CSS color for the bars or line and the legend's swatch. */
  color: string;
  values: (number | null)[];
}

/** Axis and tooltip text, in px: at least 11 (issue 22), whatever the chart's width. */
export const chartFontSize = 12;

export function TimeChart({
  title,
  series,
  ticks,
  formatValue,
  integer = false,
  emptyLabel,
}: {
  title: string;
  series: ChartSeries[];
  /** One label per bucket (recharts hides some when crowded). */
  ticks: string[];
  formatValue: (value: number) => string;
  /** Values are counts: whole numbers on the axis. */
  integer?: boolean;
  /** Shown instead of the chart when no bucket has anything to draw. */
  emptyLabel: string;
}) {
  // A bar of 0 draws nothing; a line's 0 (no lag) is a measurement.
  const hasData = series.some((s) => s.values.some((v) => v !== null && (s.kind === "line" || v !== 0)));
  const rows = ticks.map((tick, i) => ({ tick, ...Object.fromEntries(series.map((s, k) => [`s${k}`, s.values[i] ?? null])) }));
  return (
    <figure className="space-y-2" data-testid="time-chart" data-empty={!hasData}>
      <figcaption className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm font-medium">{title}</span>
        {/* A single series is named by the title already. */}
        <span className={`flex flex-wrap gap-3 text-xs text-slate-500 dark:text-slate-400 ${series.length === 1 ? "sr-only" : ""}`}>
          {series.map((s) => (
            <span key={s.label} className="flex items-center gap-1">
              <span className="inline-block h-2 w-3 rounded-sm" style={{ backgroundColor: s.color }} aria-hidden />
              {s.label}
            </span>
          ))}
        </span>
      </figcaption>
      {hasData ? (
        <div className="h-56 w-full text-slate-500 dark:text-slate-400" role="img" aria-label={title}>
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.2} />
              <XAxis dataKey="tick" tick={{ fontSize: chartFontSize, fill: "currentColor" }} tickLine={false} minTickGap={12} />
              <YAxis
                tick={{ fontSize: chartFontSize, fill: "currentColor" }}
                tickFormatter={(v: number) => formatValue(v)}
                allowDecimals={!integer}
                tickLine={false}
                axisLine={false}
                width={56}
              />
              <Tooltip
                formatter={(value, name) => [typeof value === "number" ? formatValue(value) : "—", name]}
                contentStyle={{ fontSize: chartFontSize, borderRadius: 6 }}
                cursor={{ fill: "currentColor", fillOpacity: 0.08 }}
              />
              {series.map((s, k) =>
                s.kind === "bar" ? (
                  <Bar key={s.label} dataKey={`s${k}`} name={s.label} fill={s.color} radius={[2, 2, 0, 0]} isAnimationActive={false} />
                ) : (
                  <Line key={s.label} type="monotone" dataKey={`s${k}`} name={s.label} stroke={s.color} strokeWidth={2} dot={{ r: 2 }} activeDot={{ r: 4 }} connectNulls isAnimationActive={false} />
                ),
              )}
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      ) : (
        <p className="flex h-56 items-center justify-center rounded-md border border-dashed border-slate-300 text-sm text-slate-500 dark:border-slate-700 dark:text-slate-400" data-testid="chart-empty">
          {emptyLabel}
        </p>
      )}
    </figure>
  );
}
