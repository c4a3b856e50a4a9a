"use client";

import Link from "next/link";
import { Badge, Card, ErrorNote } from "@/components/ui/card";
import { DecisionBadge } from "@/components/events/status-badge";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import { useSubscription } from "@/lib/hooks/use-subscriptions";
import type { GetSubscriptionResponse } from "@/lib/subscriptions/get-subscription";
import { statusTone } from "./format";
import { SubscriptionActions } from "./subscription-actions";
import { Timeline } from "./timeline";
import { DataTable } from "@/components/ui/data-table";

export function SubscriptionDetail({ org, id, canManage }: { org: string; id: string; canManage: boolean }) {
  const { data: sub, error } = useSubscription(org, id);
  const dictionary = useT();
  const t = dictionary.subscriptions.detail;
  const format = useFormat();
  if (!sub) return <ErrorNote error={error} />;
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm"><Link href={`/${org}/subscriptions`} className="text-brand-700 hover:underline dark:text-brand-400">{t.back}</Link></p>
        <h1 className="mt-1 text-2xl font-semibold">{sub.customer?.name ?? sub.customer?.email ?? sub.providerSubscriptionId}</h1>
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <Badge tone={statusTone[sub.status]}>{dictionary.subscriptions.statuses[sub.status] ?? sub.status}</Badge>
          {sub.providerStatus !== sub.status && <span className="text-xs text-slate-500">{t.providerSays(sub.providerStatus)}</span>}
          {sub.cancelAtPeriodEnd && sub.status !== "canceled" && <Badge tone="amber">{t.cancels(sub.currentPeriodEnd ? format.date(sub.currentPeriodEnd) : "—")}</Badge>}
          {sub.scheduledChange && (
            <span data-testid="scheduled-plan-badge">
              <Badge tone="blue">{t.scheduledBadge(sub.scheduledChange.plan.name, format.date(sub.scheduledChange.effectiveAt))}</Badge>
            </span>
          )}
          <Badge>{sub.provider}</Badge>
          <Badge tone={sub.mode === "live" ? "amber" : "blue"}>{dictionary.common.modes[sub.mode] ?? sub.mode}</Badge>
          <span className="font-mono text-xs text-slate-500">{sub.providerSubscriptionId}</span>
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6">
          <Facts org={org} sub={sub} />
          {canManage && <SubscriptionActions org={org} sub={sub} />}
        </div>
        <div className="lg:col-span-2">
          <Card title={t.timeline} description={t.timelineDescription}>
            <Timeline org={org} entries={sub.timeline} />
          </Card>
        </div>
      </div>
      <Invoices sub={sub} />
      <Card title={t.events} description={t.eventsDescription}>
        <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {sub.events.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center gap-3 py-2">
              <span className="w-44 text-xs text-slate-500">{format.dateTime(e.providerCreatedAt, { dateStyle: "medium", timeStyle: "medium" })}</span>
              <Link href={`/${org}/events/${e.id}`} className="text-brand-700 hover:underline dark:text-brand-400">{e.type}</Link>
              <DecisionBadge decision={e.decision} />
              <span className="font-mono text-xs text-slate-500">{e.providerEventId}</span>
            </li>
          ))}
          {sub.events.length === 0 && <li className="py-2 text-slate-500">{t.noEvents}</li>}
        </ul>
      </Card>
    </div>
  );
}

function Facts({ org, sub }: { org: string; sub: GetSubscriptionResponse }) {
  const dictionary = useT();
  const t = dictionary.subscriptions.detail;
  const format = useFormat();
  const date = (iso: string | null) => (iso ? format.date(iso) : "—");
  const rows: [string, React.ReactNode][] = [
    [t.plan, sub.plan ? `${sub.plan.name} (${sub.plan.code}), ${sub.billingCycle ? (dictionary.checkouts.cycles[sub.billingCycle] ?? sub.billingCycle) : ""}` : t.notBeaconPlan],
    ...(sub.scheduledChange
      ? [[t.scheduledPlan, t.scheduledValue(`${sub.scheduledChange.plan.name} (${sub.scheduledChange.plan.code})`, sub.scheduledChange.billingCycle ? (dictionary.checkouts.cycles[sub.scheduledChange.billingCycle] ?? sub.scheduledChange.billingCycle) : "", date(sub.scheduledChange.effectiveAt))] as [string, React.ReactNode]]
      : []),
    [t.amount, sub.plan?.amount != null ? format.money(sub.plan.amount, sub.plan.currency) : "—"],
    [t.customer, sub.customer ? `${sub.customer.name ?? ""} ${sub.customer.email ?? ""}`.trim() || sub.customer.providerCustomerId : "—"],
    [t.currentPeriod, `${date(sub.currentPeriodStart)} → ${date(sub.currentPeriodEnd)}`],
    [t.trialEnds, date(sub.trialEnd)],
    [t.canceled, date(sub.canceledAt)],
    [t.stateAsOf, format.dateTime(sub.stateAt, { dateStyle: "medium", timeStyle: "medium" })],
    [
      t.checkout,
      sub.checkouts.length
        ? sub.checkouts.map((c, i) => (
            <span key={c.id}>
              {i > 0 && ", "}
              <Link href={`/${org}/checkouts/${c.id}`} className="text-brand-700 hover:underline dark:text-blue-300" data-testid="subscription-checkout-link">
                {dictionary.checkouts.status[c.status] ?? c.status} · {dictionary.checkoutChain.openChain}
              </Link>
            </span>
          ))
        : "—",
    ],
  ];
  return (
    <Card title={t.details}>
      <dl className="space-y-2 text-sm">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs uppercase text-slate-500">{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

function Invoices({ sub }: { sub: GetSubscriptionResponse }) {
  const dictionary = useT();
  const t = dictionary.subscriptions.detail;
  const format = useFormat();
  const date = (iso: string | null) => (iso ? format.date(iso) : "—");
  return (
    <Card title={t.invoices} description={t.invoicesDescription}>
      <DataTable columns={[{ label: t.invoiceColumns.invoice }, { label: t.invoiceColumns.status }, { label: t.invoiceColumns.period }, { label: t.invoiceColumns.subtotal, right: true }, { label: t.invoiceColumns.tax, right: true }, { label: t.invoiceColumns.total, right: true }]}>
        {sub.invoices.map((i) => (
          <tr key={i.id}>
            <td className="py-2 pr-4 font-mono text-xs">{i.providerInvoiceId}</td>
            <td className="py-2 pr-4"><Badge tone={i.status === "paid" ? "green" : i.status === "failed" ? "red" : "neutral"}>{dictionary.common.invoiceStatus[i.status] ?? i.status}</Badge></td>
            <td className="py-2 pr-4">{date(i.periodStart)} → {date(i.periodEnd)}</td>
            <td className="py-2 pr-4 text-right" data-label={t.invoiceColumns.subtotal}>{format.money(i.subtotal, i.currency)}</td>
            <td className="py-2 pr-4 text-right" title={i.taxStatus} data-label={t.invoiceColumns.tax}>{format.money(i.tax, i.currency)}</td>
            <td className="py-2 text-right font-medium" data-label={t.invoiceColumns.total}>{format.money(i.total, i.currency)}</td>
          </tr>
        ))}
        {sub.invoices.length === 0 && (
          <tr><td colSpan={6} className="py-4 text-center text-slate-500">{t.noInvoices}</td></tr>
        )}
      </DataTable>
    </Card>
  );
}
