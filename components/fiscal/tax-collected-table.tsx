"use client";

import { Card } from "@/components/ui/card";
import type { GetFiscalSignalsResponse } from "@/lib/fiscal/get-fiscal-signals";
import { useFormat, useT } from "@/lib/i18n/i18n-context";

const th = "py-2 pr-4 font-medium";

export function TaxCollectedTable({ rows }: { rows: GetFiscalSignalsResponse["taxByMonth"] }) {
  const t = useT();
  const format = useFormat();
  const c = t.fiscal.collected;
  return (
    <Card title={c.title} description={c.description}>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{c.none}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="stack-on-phone w-full text-left text-sm" data-testid="tax-collected">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className={th}>{c.month}</th>
                <th className={th}>{c.currency}</th>
                <th className={`${th} text-right`}>{c.invoices}</th>
                <th className={`${th} text-right`}>{c.subtotal}</th>
                <th className={`${th} text-right`}>{c.tax}</th>
                <th className={`${th} text-right`}>{c.total}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 tabular-nums dark:divide-slate-800">
              {rows.map((r) => (
                <tr key={`${r.month}-${r.currency}`}>
                  <td className="py-2 pr-4">{format.month(r.month)}</td>
                  <td className="py-2 pr-4 uppercase">{r.currency}</td>
                  <td className="py-2 pr-4 text-right">{format.number(r.invoices)}</td>
                  <td className="py-2 pr-4 text-right">{format.money(r.subtotal, r.currency)}</td>
                  <td className="py-2 pr-4 text-right font-medium">{format.money(r.tax, r.currency)}</td>
                  <td className="py-2 pr-4 text-right">{format.money(r.total, r.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
