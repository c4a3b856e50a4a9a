"use client";

import Link from "next/link";
import { useMode } from "@/components/layout/mode-context";
import { Badge, Card, ErrorNote } from "@/components/ui/card";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import { useFiscal } from "@/lib/hooks/use-fiscal";
import { TaxCollectedTable } from "./tax-collected-table";

const th = "py-2 pr-4 font-medium";
// Every cell's padding and alignment, set once on the table rather than on each of 400 cells.
const table = "stack-on-phone w-full text-left text-sm [&_td]:py-2 [&_td]:pr-4 [&_td]:align-top";

function Issues({ issues }: { issues: string[] }) {
  const t = useT();
  return (
    <span className="flex flex-wrap gap-1">
      {issues.map((issue) => (
        <Badge key={issue} tone="amber">
          {t.fiscal.issues[issue] ?? issue}
        </Badge>
      ))}
    </span>
  );
}

function Empty({ text }: { text: string }) {
  return <p className="text-sm text-emerald-700 dark:text-emerald-400">✓ {text}</p>;
}

export function FiscalView({ org }: { org: string }) {
  const t = useT();
  const format = useFormat();
  const mode = useMode();
  const { data, error } = useFiscal(org, mode);
  if (!data) return <ErrorNote error={error} />;
  const { customers, subscriptions, invoices } = data;
  const cols = t.fiscal.columns;
  return (
    <div className="space-y-6">
      <TaxCollectedTable rows={data.taxByMonth} />

      <Card title={t.fiscal.customers.title} description={t.fiscal.customers.summary(customers.missing, customers.total, customers.withoutTaxId)}>
        {customers.items.length === 0 ? (
          <Empty text={t.fiscal.customers.none} />
        ) : (
          <table className={table} data-testid="customers-missing-tax">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className={th}>{cols.customer}</th>
                <th className={th}>{cols.issues}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {customers.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link href={c.href} className="font-medium text-brand-600 hover:underline dark:text-brand-500" data-i18n-literal>
                      {c.name ?? c.email ?? c.providerCustomerId}
                    </Link>
                    <div className="text-xs text-slate-500">
                      {t.common.providers[c.provider]} · <code className="font-mono">{c.providerCustomerId}</code>
                    </div>
                  </td>
                  <td>
                    <Issues issues={c.issues} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <Card title={t.fiscal.subscriptions.title}>
        {subscriptions.items.length === 0 ? (
          <Empty text={t.fiscal.subscriptions.none} />
        ) : (
          <table className={table} data-testid="subscriptions-missing-tax">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className={th}>{cols.subscription}</th>
                <th className={th}>{cols.status}</th>
                <th className={th}>{cols.issues}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {subscriptions.items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link href={s.href} className="font-mono text-xs text-brand-600 hover:underline dark:text-brand-500">
                      {s.providerSubscriptionId}
                    </Link>
                    <div className="text-xs text-slate-500">
                      {t.common.providers[s.provider]}
                      {s.customerEmail ? ` · ${s.customerEmail}` : ""}
                    </div>
                  </td>
                  <td>{t.common.subscriptionStatus[s.status] ?? s.status}</td>
                  <td>
                    <Issues issues={s.issues} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <Card title={t.fiscal.invoices.title}>
        {invoices.items.length === 0 ? (
          <Empty text={t.fiscal.invoices.none} />
        ) : (
          <table className={table} data-testid="invoices-tax-issues">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className={th}>{cols.invoice}</th>
                <th className={th}>{cols.date}</th>
                <th className={`${th} text-right`}>{cols.total}</th>
                <th className={`${th} text-right`}>{cols.tax}</th>
                <th className={th}>{cols.issues}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {invoices.items.map((i) => (
                <tr key={i.id}>
                  <td>
                    {i.href ? (
                      <Link href={i.href} className="font-mono text-xs text-brand-600 hover:underline dark:text-brand-500">
                        {i.providerInvoiceId}
                      </Link>
                    ) : (
                      <code className="font-mono text-xs">{i.providerInvoiceId}</code>
                    )}
                    <div className="text-xs text-slate-500">
                      {t.common.providers[i.provider]} · {t.common.invoiceStatus[i.status] ?? i.status} · <code className="font-mono">{i.taxStatus}</code>
                    </div>
                  </td>
                  <td>{format.date(i.createdAt)}</td>
                  <td className="text-right tabular-nums">{format.money(i.total, i.currency)}</td>
                  <td className="text-right tabular-nums">{format.money(i.tax, i.currency)}</td>
                  <td>
                    <Issues issues={[i.issue]} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
