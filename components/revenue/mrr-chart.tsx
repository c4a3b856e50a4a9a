"use client";

import type { RevenueReport } from "@/lib/revenue/get-revenue";
import { useFormat } from "@/lib/i18n/i18n-context";

const colors = ["#2563eb", "#059669", "#d97706", "#dc2626", "#7c3aed"];

/** MRR at each month's end, one bar group per month and one bar per provider and currency (each on its own scale). */
export function MrrChart({ rows, months, label }: { rows: RevenueReport["mrr"]; months: string[]; label: string }) {
  const format = useFormat();
  const series = [...new Set(rows.map((r) => `${r.provider} ${r.currency}`))];
  const value = (month: string, s: string) => rows.find((r) => r.month === month && `${r.provider} ${r.currency}` === s);
  const max = Object.fromEntries(series.map((s) => [s, Math.max(1, ...rows.filter((r) => `${r.provider} ${r.currency}` === s).map((r) => r.mrr))]));
  const height = 120;
  const group = 100 / months.length;
  const bar = group / (series.length + 1);
  return (
    <figure aria-label={label}>
      <svg viewBox={`0 0 100 ${height / 4}`} preserveAspectRatio="none" className="h-32 w-full" role="img" aria-label={label}>
        {months.map((month, i) =>
          series.map((s, j) => {
            const row = value(month, s);
            const h = row ? (row.mrr / max[s]!) * (height / 4 - 2) : 0;
            return (
              <rect key={`${month}-${s}`} x={i * group + (j + 0.5) * bar} y={height / 4 - h} width={bar * 0.9} height={h} fill={colors[j % colors.length]}>
                <title>{`${month} ${s}: ${row ? format.money(row.mrr, row.currency) : "—"}`}</title>
              </rect>
            );
          }),
        )}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-3 text-xs text-slate-500">
        <span>{label}:</span>
        {series.map((s, j) => (
          <span key={s} className="inline-flex items-center gap-1">
            <span className="inline-block h-2 w-2 rounded-sm" style={{ background: colors[j % colors.length] }} />
            {s}
          </span>
        ))}
        <span className="ml-auto">
          {format.month(months[0]!)} – {format.month(months.at(-1)!)}
        </span>
      </figcaption>
    </figure>
  );
}
