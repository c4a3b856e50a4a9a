"use client";

import Link from "next/link";
import { Badge, Card, ErrorNote } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { Mode } from "@/db/schema";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import { useEvents, type EventFilters } from "@/lib/hooks/use-events";
import type { EventListItem, ListEventsResponse } from "@/lib/webhooks/events/list-events";
import { ArchivedMatches } from "./archived-matches";
import { EventsFilters } from "./events-filters";
import { ReconcileButton } from "./reconcile-button";
import { ReplayPanel } from "./replay-panel";
import { DecisionBadge, EventStatusBadge } from "./status-badge";
import { DataTable } from "@/components/ui/data-table";

export function EventsView({ org, mode, filters, canManage }: { org: string; mode: Mode; filters: EventFilters; canManage: boolean }) {
  const events = useEvents(org, filters);
  const t = useT();
  const data = events.data;
  const older = data?.nextCursor ? `/${org}/events?${new URLSearchParams({ ...clean({ ...filters, before: undefined }), cursor: data.nextCursor })}` : null;
  return (
    <div className="space-y-6">
      {data && <Summary org={org} summary={data.summary} />}
      {canManage && <ReplayPanel org={org} mode={mode} />}
      <Card
        title={t.events.deliveries}
        description={t.events.deliveriesDescription(t.common.modes[mode] ?? mode)}
        actions={canManage ? <ReconcileButton org={org} mode={mode} /> : undefined}
      >
        <div className="space-y-4">
          <EventsFilters org={org} filters={filters} />
          {data && <IgnoredToggle org={org} filters={filters} count={data.summary.ignored} />}
          <ErrorNote error={events.error} />
          {data && <ArchivedMatches org={org} archived={data.archived} />}
          <DataTable columns={[{ label: t.events.columns.received }, { label: t.events.columns.type }, { label: t.events.columns.customer }, { label: t.events.columns.decision }, { label: t.events.columns.object }, { label: t.events.columns.tries }]}>
            {data?.items.map((item) => (item.kind === "event" ? <EventRow key={item.id} org={org} item={item} /> : <RejectionRow key={`r${item.id}`} item={item} />))}
            {data?.items.length === 0 && (
              <tr>
                <td colSpan={6} className="py-8 text-center text-slate-500">
                  {t.events.none}
                </td>
              </tr>
            )}
          </DataTable>
          <div className="flex justify-between text-sm">
            {filters.before ? <Link className="text-brand-600 hover:underline dark:text-brand-400" href={`/${org}/events?${new URLSearchParams(clean({ ...filters, before: undefined }))}`}>{t.events.newest}</Link> : <span />}
            {older && <Link className="text-brand-600 hover:underline dark:text-brand-400" href={older}>{t.events.older}</Link>}
          </div>
        </div>
      </Card>
    </div>
  );
}

function clean(filters: EventFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter((e): e is [string, string] => !!e[1]));
}

/**
 * Events no handler acts on (about half of what providers send) are hidden by default: the toggle
 * says how many there are and shows them. A status filter or a search shows them anyway.
 */
function IgnoredToggle({ org, filters, count }: { org: string; filters: EventFilters; count: number }) {
  const t = useT().events;
  if (filters.status || filters.q || count === 0) return null;
  const hidden = filters.ignored !== "show";
  const href = `/${org}/events?${new URLSearchParams(clean({ ...filters, before: undefined, ignored: hidden ? "show" : undefined }))}`;
  return (
    <p className="flex flex-wrap items-center gap-2 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600 dark:bg-slate-800/50 dark:text-slate-300" data-testid="ignored-toggle" data-hidden={hidden}>
      <span>{hidden ? t.ignoredHidden(count) : t.ignoredShown(count)}</span>
      <Link href={href} className="font-medium text-brand-600 hover:underline dark:text-brand-400">
        {hidden ? t.showIgnored : t.hideIgnored}
      </Link>
    </p>
  );
}

function Summary({ org, summary }: { org: string; summary: ListEventsResponse["summary"] }) {
  const t = useT().events.summary;
  const tiles = [
    { label: t.waiting, value: summary.pending, href: `/${org}/events?status=pending`, alert: false },
    { label: t.retrying, value: summary.retrying, href: `/${org}/events?status=failed`, alert: summary.retrying > 0 },
    { label: t.dead, value: summary.dead, href: `/${org}/events?status=dead`, alert: summary.dead > 0 },
    { label: t.rejected, value: summary.rejectedLast24h, href: `/${org}/events?status=rejected`, alert: summary.rejectedLast24h > 0 },
    { label: t.processed, value: summary.processed, href: `/${org}/events?status=processed`, alert: false },
  ];
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-5" data-testid="events-summary">
      {tiles.map((t) => (
        <Link
          key={t.label}
          href={t.href}
          className={`rounded-lg border px-4 py-3 shadow-sm ${t.alert ? "border-red-300 bg-red-50 dark:border-red-900 dark:bg-red-950" : "border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"}`}
        >
          <div className="text-xs uppercase text-slate-500 dark:text-slate-400">{t.label}</div>
          <div className="text-xl font-semibold">{t.value >= summary.cap ? `${t.value}+` : t.value}</div>
        </Link>
      ))}
    </div>
  );
}

function EventRow({ org, item }: { org: string; item: Extract<EventListItem, { kind: "event" }> }) {
  const t = useT();
  const format = useFormat();
  const note = item.lastError ?? (item.decisionNote && t.common.decisionNote(item.decisionNote));
  const object = item.objectRefs.subscription ?? item.objectRefs.checkout ?? item.objectRefs.invoice ?? item.objectRefs.object;
  return (
    <tr data-testid="event-row" className="align-top">
      <td className="py-2 pr-4 whitespace-nowrap"><RelativeTime iso={item.receivedAt} /></td>
      <td className="py-2 pr-4">
        <Link href={`/${org}/events/${item.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-400">{item.type}</Link>
        <div className="text-xs text-slate-500">{item.provider}{item.deliveries === 0 && t.events.recovered}</div>
      </td>
      <td className="py-2 pr-4" data-testid="event-customer">
        {item.customer && <div className="max-w-40 truncate" title={item.customer} data-i18n-literal>{item.customer}</div>}
        {item.amount && <div className="text-xs tabular-nums text-slate-500">{format.money(item.amount.minor, item.amount.currency)}</div>}
      </td>
      {/* The note wraps between words (a long id may break anywhere): nothing is cut off. */}
      <td className="min-w-48 max-w-72 py-2 pr-4">
        <div className="flex flex-wrap gap-1">
          <EventStatusBadge status={item.status} />
          <DecisionBadge decision={item.decision} />
        </div>
        {note && <div className="mt-0.5 text-xs break-words text-slate-500" data-testid="decision-note">{note}</div>}
      </td>
      {/* Stripe ids run to 30 characters: cut to fit a laptop's width, whole in the tooltip and on the event's page. */}
      <td className="max-w-36 py-2 pr-4 font-mono text-xs">
        <div className="truncate" title={item.providerEventId}>{item.providerEventId}</div>
        {object && <div className="truncate text-slate-500" title={object}>{object}</div>}
      </td>
      <td className="py-2 text-xs text-slate-600 dark:text-slate-400">
        {item.attempts} {item.deliveries > 1 && <Badge>{t.events.delivered(item.deliveries)}</Badge>}
      </td>
    </tr>
  );
}

function RejectionRow({ item }: { item: Extract<EventListItem, { kind: "rejection" }> }) {
  const t = useT();
  return (
    <tr data-testid="rejection-row" className="bg-red-50/50 align-top dark:bg-red-950/30">
      <td className="py-2 pr-4 whitespace-nowrap"><RelativeTime iso={item.receivedAt} /></td>
      <td className="py-2 pr-4">
        <span className="font-medium">{t.events.rejectedDelivery}</span>
        <div className="text-xs text-slate-500">{item.provider}</div>
      </td>
      <td className="py-2 pr-4" />
      <td className="min-w-48 max-w-72 py-2 pr-4 text-xs">
        <EventStatusBadge status="rejected" />{" "}
        <strong>{t.events.rejections[item.reason] ?? item.reason}</strong>
        {item.skewSeconds !== null && <span>{t.events.skew(item.skewSeconds)}</span>}
        {item.detail && <div className="text-slate-500">{item.detail}</div>}
      </td>
      <td className="py-2 pr-4 font-mono text-xs text-slate-500" title={t.events.bodyHashTitle}>sha256 {item.bodySha256.slice(0, 16)}…</td>
      <td className="py-2" />
    </tr>
  );
}
