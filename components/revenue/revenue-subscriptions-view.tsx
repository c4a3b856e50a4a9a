"use client";

import Link from "next/link";
import { Card } from "@/components/ui/card";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import type { RevenueSubscriptions } from "@/lib/revenue/list-revenue-subscriptions";

const th = "py-2 pr-4 font-medium";

/** The subscriptions behind one Revenue figure, each linked to its page. */
export function RevenueSubscriptionsView({ data }: { data: RevenueSubscriptions }) {
  const t = useT();
  const format = useFormat();
  const d = t.revenue.drill;
  const recovery = data.figure === "failed" || data.figure === "recovered" || data.figure === "churned" || data.figure === "pending";
  return (
    <Card
      title={`${d.figures[data.figure]}${data.attempt ? ` · ${t.revenue.recovery.attempt.replace("{n}", String(data.attempt))}` : ""}`}
      description={`${format.month(data.month)} · ${data.provider} · ${data.currency.toUpperCase()}`}
    >
      {data.items.length === 0 ? (
        <p className="text-sm text-slate-500">{d.none}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="revenue-subscriptions">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className={th}>{d.subscription}</th>
                <th className={th}>{d.customer}</th>
                <th className={th}>{d.status}</th>
                {recovery ? (
                  <>
                    <th className={`${th} text-right`}>{d.invoice}</th>
                    <th className={`${th} text-right`}>{d.attempt}</th>
                    <th className={`${th} text-right`}>{d.recoveredAfter}</th>
                    <th className={th}>{d.outcome}</th>
                  </>
                ) : (
                  <>
                    <th className={`${th} text-right`}>{d.previous}</th>
                    <th className={`${th} text-right`}>{d.mrr}</th>
                  </>
                )}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 tabular-nums dark:divide-slate-800">
              {data.items.map((i) => (
                <tr key={`${i.subscriptionId}-${i.invoiceTotal ?? ""}`}>
                  <td className="py-2 pr-4 font-mono text-xs">
                    <Link href={i.href} className="text-blue-700 hover:underline dark:text-blue-400">
                      {i.providerSubscriptionId}
                    </Link>
                  </td>
                  <td className="py-2 pr-4">{i.customerEmail ?? i.providerCustomerId ?? "—"}</td>
                  <td className="py-2 pr-4">{i.status}</td>
                  {recovery ? (
                    <>
                      <td className="py-2 pr-4 text-right">{i.invoiceTotal === null ? "—" : format.money(i.invoiceTotal, data.currency)}</td>
                      <td className="py-2 pr-4 text-right">{i.attempt ?? "—"}</td>
                      <td className="py-2 pr-4 text-right">{i.recoveredAfterSeconds === null ? "—" : format.seconds(i.recoveredAfterSeconds)}</td>
                      <td className="py-2 pr-4">{i.outcome}</td>
                    </>
                  ) : (
                    <>
                      <td className="py-2 pr-4 text-right">{i.previousMrr === null ? "—" : format.money(i.previousMrr, data.currency)}</td>
                      <td className="py-2 pr-4 text-right">{i.mrr === null ? "—" : format.money(i.mrr, data.currency)}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {data.items.length >= data.limit && <p className="mt-2 text-xs text-slate-500">{d.limited.replace("{limit}", String(data.limit))}</p>}
        </div>
      )}
    </Card>
  );
}
