"use client";

import Link from "next/link";
import { Card } from "@/components/ui/card";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import { figureHref } from "@/lib/revenue/figure-href";
import type { RevenueReport } from "@/lib/revenue/get-revenue";
import type { RevenueFigure } from "@/lib/validations/revenue";
import { MrrChart } from "./mrr-chart";

const th = "py-2 pr-4 font-medium";
const td = "py-2 pr-4 text-right";

type MonthFigures = RevenueReport["mrr"][number];

/** The Revenue page: MRR movements and failed-renewal recovery, every figure a link to its subscriptions. */
export function RevenueView({ org, data }: { org: string; data: RevenueReport }) {
  const t = useT();
  const format = useFormat();
  const r = t.revenue;
  const href = (row: { provider: MonthFigures["provider"]; currency: string; month: string }, figure: RevenueFigure, attempt?: number) =>
    figureHref(org, { mode: data.mode, provider: row.provider, currency: row.currency, month: row.month, figure, attempt });
  const cell = (row: MonthFigures, figure: RevenueFigure, count: number, amount: number, testId: string) => (
    <td className={td}>
      {count === 0 ? (
        <span className="text-slate-400">—</span>
      ) : (
        <Link href={href(row, figure)} className="text-blue-700 hover:underline dark:text-blue-400" data-testid={testId}>
          {format.money(amount, row.currency)} <span className="text-xs text-slate-500">({format.number(count)})</span>
        </Link>
      )}
    </td>
  );
  return (
    <div className="space-y-6">
      {data.unpricedLiveSubscriptions > 0 && (
        <p className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          {r.unpriced.replace("{count}", String(data.unpricedLiveSubscriptions))}
        </p>
      )}
      <Card title={r.mrr.title} description={r.mrr.description}>
        {data.mrr.length === 0 ? (
          <p className="text-sm text-slate-500">{r.empty}</p>
        ) : (
          <div className="space-y-4">
            <MrrChart rows={data.mrr} months={data.months} label={r.chart} />
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm" data-testid="mrr-movements">
                <thead className="text-xs uppercase text-slate-500">
                  <tr>
                    <th className={th}>{r.mrr.month}</th>
                    <th className={th}>{r.mrr.provider}</th>
                    <th className={`${th} text-right`}>{r.mrr.mrr}</th>
                    <th className={`${th} text-right`}>{r.mrr.new}</th>
                    <th className={`${th} text-right`}>{r.mrr.expansion}</th>
                    <th className={`${th} text-right`}>{r.mrr.contraction}</th>
                    <th className={`${th} text-right`}>{r.mrr.churn}</th>
                    <th className={`${th} text-right`}>{r.mrr.involuntary}</th>
                    <th className={`${th} text-right`}>{r.mrr.reactivation}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 tabular-nums dark:divide-slate-800">
                  {data.mrr.map((m) => {
                    const key = `${m.month}-${m.provider}-${m.currency}`;
                    return (
                      <tr key={key} data-testid={`mrr-row-${key}`}>
                        <td className="py-2 pr-4">{format.month(m.month)}</td>
                        <td className="py-2 pr-4">
                          {m.provider} <span className="uppercase text-slate-500">{m.currency}</span>
                        </td>
                        {cell(m, "mrr", m.subscriptions, m.mrr, `mrr-${key}`)}
                        {cell(m, "new", m.movements.new.count, m.movements.new.amount, `new-${key}`)}
                        {cell(m, "expansion", m.movements.expansion.count, m.movements.expansion.amount, `expansion-${key}`)}
                        {cell(m, "contraction", m.movements.contraction.count, m.movements.contraction.amount, `contraction-${key}`)}
                        {cell(m, "churn", m.movements.churn.count, m.movements.churn.amount, `churn-${key}`)}
                        {cell(m, "involuntary", m.involuntaryChurn.count, m.involuntaryChurn.amount, `involuntary-${key}`)}
                        {cell(m, "reactivation", m.movements.reactivation.count, m.movements.reactivation.amount, `reactivation-${key}`)}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </Card>
      <Card title={r.recovery.title} description={r.recovery.description}>
        {data.recovery.length === 0 ? (
          <p className="text-sm text-slate-500">{r.recovery.none}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="recovery">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className={th}>{r.mrr.month}</th>
                  <th className={th}>{r.mrr.provider}</th>
                  <th className={`${th} text-right`}>{r.recovery.failed}</th>
                  <th className={`${th} text-right`}>{r.recovery.recovered}</th>
                  <th className={`${th} text-right`}>{r.recovery.medianTime}</th>
                  <th className={th}>{r.recovery.byAttempt}</th>
                  <th className={`${th} text-right`}>{r.recovery.churned}</th>
                  <th className={`${th} text-right`}>{r.recovery.pending}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 tabular-nums dark:divide-slate-800">
                {data.recovery.map((f) => {
                  const key = `${f.month}-${f.provider}-${f.currency}`;
                  const link = (figure: RevenueFigure, count: number, amount: number, attempt?: number) =>
                    count === 0 ? (
                      <span className="text-slate-400">—</span>
                    ) : (
                      <Link href={href(f, figure, attempt)} className="text-blue-700 hover:underline dark:text-blue-400" data-testid={`${figure}${attempt ?? ""}-${key}`}>
                        {format.number(count)} <span className="text-xs text-slate-500">({format.money(amount, f.currency)})</span>
                      </Link>
                    );
                  return (
                    <tr key={key}>
                      <td className="py-2 pr-4">{format.month(f.month)}</td>
                      <td className="py-2 pr-4">
                        {f.provider} <span className="uppercase text-slate-500">{f.currency}</span>
                      </td>
                      <td className={td}>{link("failed", f.failed.count, f.failed.amount)}</td>
                      <td className={td}>{link("recovered", f.recovered.count, f.recovered.amount)}</td>
                      <td className={td}>{f.recovered.medianSeconds === null ? "—" : format.seconds(f.recovered.medianSeconds)}</td>
                      <td className="py-2 pr-4">
                        {f.byAttempt.map((a) => (
                          <span key={a.attempt} className="mr-3 whitespace-nowrap">
                            {r.recovery.attempt.replace("{n}", String(a.attempt))}: {link("recovered", a.count, a.amount, a.attempt)}
                          </span>
                        ))}
                      </td>
                      <td className={td}>{link("churned", f.churned.count, f.churned.amount)}</td>
                      <td className={td}>{link("pending", f.pending.count, f.pending.amount)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
