"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Badge, Card, ErrorNote } from "@/components/ui/card";
import { FilterSelect, HiddenLabel, Input } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/relative-time";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import { useSubscriptions, type SubscriptionFilters } from "@/lib/hooks/use-subscriptions";
import { providers } from "@/lib/validations/events";
import { statusTone } from "./format";
import { DataTable } from "@/components/ui/data-table";

const statuses = Object.keys(statusTone) as (keyof typeof statusTone)[];

export function SubscriptionsView({ org, filters }: { org: string; filters: SubscriptionFilters }) {
  const { data, error } = useSubscriptions(org, filters);
  const dictionary = useT();
  const t = dictionary.subscriptions;
  const f = dictionary.events.filters;
  const format = useFormat();
  const date = (iso: string | null) => (iso ? format.date(iso) : "—");
  // Pages follow the URL (a link can be shared); the filters stay, the cursor moves.
  const pageHref = (cursor?: string) => `/${org}/subscriptions?${new URLSearchParams(clean({ ...filters, mode: undefined, cursor }))}`;
  return (
    <Card title={t.title} description={t.description(dictionary.common.modes[String(filters.mode)] ?? String(filters.mode))}>
      <form method="get" action={`/${org}/subscriptions`} className="mb-4 grid gap-3 sm:grid-cols-4" aria-label={t.filterLabel}>
        <HiddenLabel label={f.search} className="sm:col-span-2">
          <Input name="q" defaultValue={filters.q ?? ""} placeholder={t.searchPlaceholder} />
        </HiddenLabel>
        <FilterSelect label={f.status} name="status" value={filters.status} all={f.allStatuses} options={statuses.map((s) => [s, t.statuses[s] ?? s])} />
        <div className="flex gap-2">
          <FilterSelect label={f.provider} name="provider" value={filters.provider} all={f.allProviders} options={providers.map((p) => [p, p])} className="flex-1" />
          <Button type="submit">{f.filter}</Button>
        </div>
      </form>
      <ErrorNote error={error} />
      <DataTable columns={[{ label: t.columns.customer }, { label: t.columns.status }, { label: t.columns.plan }, { label: t.columns.amount }, { label: t.columns.provider }, { label: t.columns.periodEnds }, { label: t.columns.updated }]}>
        {data?.data.map((s) => (
          <tr key={s.id} data-testid="subscription-row">
            <td className="py-2 pr-4">
              <Link href={`/${org}/subscriptions/${s.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-400" data-i18n-literal>
                {s.customer?.name ?? s.customer?.email ?? s.providerSubscriptionId}
              </Link>
              {s.customer?.email && s.customer.name && <div className="text-xs text-slate-500">{s.customer.email}</div>}
            </td>
            <td className="py-2 pr-4">
              <Badge tone={statusTone[s.status]}>{t.statuses[s.status] ?? s.status}</Badge>
              {s.cancelAtPeriodEnd && s.status !== "canceled" && <div className="text-xs text-amber-700 dark:text-amber-400">{t.cancelsAtPeriodEnd}</div>}
            </td>
            <td className="py-2 pr-4">{s.plan ? `${s.plan.name} (${s.billingCycle ? (dictionary.checkouts.cycles[s.billingCycle] ?? s.billingCycle) : "—"})` : <span className="text-slate-400">{t.notBeaconPlan}</span>}</td>
            <td className="py-2 pr-4">{s.amount !== null && s.plan ? format.money(s.amount, s.plan.currency) : "—"}</td>
            <td className="py-2 pr-4">{s.provider}</td>
            <td className="py-2 pr-4">{date(s.currentPeriodEnd)}</td>
            <td className="py-2"><RelativeTime iso={s.updatedAt} /></td>
          </tr>
        ))}
        {data?.data.length === 0 && (
          <tr>
            <td colSpan={7} className="py-8 text-center text-slate-500">{t.none}</td>
          </tr>
        )}
      </DataTable>
      <div className="mt-4 flex justify-between text-sm">
        {filters.cursor ? <Link className="text-brand-600 hover:underline dark:text-brand-400" href={pageHref()}>{t.firstPage}</Link> : <span />}
        {data?.nextCursor && <Link className="text-brand-600 hover:underline dark:text-brand-400" href={pageHref(data.nextCursor)} data-testid="subscriptions-next-page">{t.nextPage}</Link>}
      </div>
    </Card>
  );
}

function clean(filters: SubscriptionFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter((e): e is [string, string] => !!e[1]));
}
