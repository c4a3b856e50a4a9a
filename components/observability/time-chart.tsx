"use client";

// A small SVG chart for evenly spaced time buckets: bars, lines, or both (no chart library).
// Values may be null (nothing measured in that bucket): bars are skipped, lines break.

export interface ChartSeries {
  label: string;
  kind: "bar" | "line";
  /** Tailwind fill/stroke color classes, e.g. `fill-brand-500` / `stroke-brand-500`. */
  color: { fill: string; stroke: string; swatch: string };
  values: (number | null)[];
}

const width = 640;
const height = 180;
const pad = { left: 48, right: 8, top: 10, bottom: 24 };
const plotW = width - pad.left - pad.right;
const plotH = height - pad.top - pad.bottom;

/**
 * The smallest round number at or above `value` (1/2/5 × 10ⁿ), so gridlines land on round
 * numbers; for counts, one whose half is whole too (2, 4, 10, 20, 40, 100…).
 */
function niceCeiling(value: number, integer: boolean) {
  const steps = integer ? [1, 2, 4, 10] : [1, 2, 5, 10];
  const floor = integer ? 2 : 0;
  if (value <= floor) return integer ? 2 : 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return (steps.find((m) => m * magnitude >= value) ?? 10) * magnitude;
}

export function TimeChart({
  title,
  series,
  ticks,
  formatValue,
  integer = false,
}: {
  title: string;
  series: ChartSeries[];
  /** One label per bucket (some are hidden when crowded). */
  ticks: string[];
  formatValue: (value: number) => string;
  /** Values are counts: gridlines at whole numbers. */
  integer?: boolean;
}) {
  const n = ticks.length;
  const max = niceCeiling(Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null))), integer);
  const band = plotW / Math.max(n, 1);
  const y = (v: number) => pad.top + plotH - (v / max) * plotH;
  const bars = series.filter((s) => s.kind === "bar");
  const barWidth = (band * 0.7) / Math.max(bars.length, 1);
  const tickEvery = Math.ceil(n / 6);

  return (
    <figure className="space-y-2">
      <figcaption className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm font-medium">{title}</span>
        {/* A single series is named by the title already. */}
        <span className={`flex flex-wrap gap-3 text-xs text-slate-500 dark:text-slate-400 ${series.length === 1 ? "sr-only" : ""}`}>
          {series.map((s) => (
            <span key={s.label} className="flex items-center gap-1">
              <span className={`inline-block h-2 w-3 rounded-sm ${s.color.swatch}`} aria-hidden />
              {s.label}
            </span>
          ))}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} className="h-auto w-full" role="img" aria-label={title}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={pad.left} x2={width - pad.right} y1={y(max * f)} y2={y(max * f)} className="stroke-slate-200 dark:stroke-slate-800" strokeWidth={1} />
            <text x={pad.left - 6} y={y(max * f) + 4} textAnchor="end" className="fill-slate-500 text-[10px]">
              {formatValue(max * f)}
            </text>
          </g>
        ))}
        {bars.map((s, k) =>
          s.values.map((v, i) =>
            v === null || v === 0 ? null : (
              <rect key={`${s.label}-${i}`} x={pad.left + i * band + band * 0.15 + k * barWidth} y={y(v)} width={barWidth} height={pad.top + plotH - y(v)} className={s.color.fill} rx={1}>
                <title>{`${ticks[i]} · ${s.label}: ${formatValue(v)}`}</title>
              </rect>
            ),
          ),
        )}
        {series
          .filter((s) => s.kind === "line")
          .map((s) => {
            const d = s.values
              .map((v, i) => (v === null ? null : `${s.values[i - 1] == null ? "M" : "L"}${(pad.left + (i + 0.5) * band).toFixed(1)},${y(v).toFixed(1)}`))
              .filter(Boolean)
              .join(" ");
            return (
              <g key={s.label}>
                <path d={d} fill="none" strokeWidth={2} className={s.color.stroke} />
                {s.values.map((v, i) =>
                  v === null ? null : (
                    <circle key={i} cx={pad.left + (i + 0.5) * band} cy={y(v)} r={2.5} className={s.color.fill}>
                      <title>{`${ticks[i]} · ${s.label}: ${formatValue(v)}`}</title>
                    </circle>
                  ),
                )}
              </g>
            );
          })}
        {ticks.map((label, i) =>
          i % tickEvery === 0 ? (
            <text key={i} x={pad.left + (i + 0.5) * band} y={height - 6} textAnchor="middle" className="fill-slate-500 text-[10px]">
              {label}
            </text>
          ) : null,
        )}
      </svg>
    </figure>
  );
}
