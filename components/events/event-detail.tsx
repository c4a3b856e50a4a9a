"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Badge, Card, ErrorNote } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import { useEvent, useReprocessEvent } from "@/lib/hooks/use-events";
import type { GetEventResponse } from "@/lib/webhooks/events/get-event";
import { AttemptLog } from "./attempt-log";
import { DecisionBadge, EventStatusBadge } from "./status-badge";

function pretty(payload: string) {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

export function EventDetail({ org, id, canManage }: { org: string; id: string; canManage: boolean }) {
  const { data: event, error } = useEvent(org, id);
  const reprocess = useReprocessEvent(org);
  const dictionary = useT();
  const t = dictionary.events.detail;
  const format = useFormat();
  const when = (iso: string) => format.dateTime(iso, { dateStyle: "medium", timeStyle: "medium" });
  if (!event) return <ErrorNote error={error} />;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-sm"><Link href={`/${org}/events`} className="text-brand-700 hover:underline dark:text-brand-400">{t.back}</Link></p>
          <h1 className="mt-1 text-2xl font-semibold break-all">{event.type}</h1>
          <p className="mt-1 font-mono text-sm text-slate-500" data-testid="provider-event-id">{event.providerEventId}</p>
          <div className="mt-2 flex flex-wrap gap-2">
            <EventStatusBadge status={event.status} />
            <DecisionBadge decision={event.decision} />
            <Badge tone={event.mode === "live" ? "amber" : "blue"}>{dictionary.common.modes[event.mode] ?? event.mode}</Badge>
            <Badge>{event.provider}</Badge>
            {event.archivedAt && <Badge tone="amber">{dictionary.events.archive.badge}</Badge>}
          </div>
        </div>
        {canManage && !event.archivedAt && (
          <div className="space-y-2 text-right">
            <Button variant="secondary" disabled={reprocess.isPending || event.status === "processing"} onClick={() => reprocess.mutate(event.id)}>
              {reprocess.isPending ? t.reprocessing : t.reprocess}
            </Button>
            {reprocess.data && <p role="status" className="text-xs text-slate-500">{t.ranAgain(reprocess.data.outcome, reprocess.data.decision)}</p>}
          </div>
        )}
      </div>
      <ErrorNote error={reprocess.error} />
      {event.archivedAt && (
        <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-600 dark:border-slate-800 dark:bg-slate-800/50 dark:text-slate-300" data-testid="archived-note">
          {dictionary.events.archive.note(format.dateTime(event.archivedAt, { dateStyle: "medium" }))}
        </p>
      )}
      <Outcome event={event} />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-2">
        <Card title={t.delivery}>
          <dl className="grid grid-cols-[minmax(0,8rem)_minmax(0,1fr)] gap-x-2 gap-y-2 text-sm break-words">
            <dt className="text-slate-500">{t.providerTime}</dt>
            <dd>{when(event.providerCreatedAt)} (<RelativeTime iso={event.providerCreatedAt} />)</dd>
            <dt className="text-slate-500">{t.received}</dt>
            <dd>{when(event.receivedAt)}</dd>
            <dt className="text-slate-500">{t.signature}</dt>
            <dd>
              {event.deliveries === 0
                ? t.notDelivered
                : event.signature.endpointKind
                  ? t.verifiedBy(event.signature.endpointKind.replace("_", " "))
                  : t.verified}
            </dd>
            <dt className="text-slate-500">{t.deliveries}</dt>
            <dd>{event.deliveries}{event.deliveries > 1 && t.duplicatesNote}</dd>
            <dt className="text-slate-500">{t.account}</dt>
            <dd className="font-mono text-xs">{event.account || t.platform}</dd>
            <dt className="text-slate-500">{t.processed}</dt>
            <dd>{event.processedAt ? when(event.processedAt) : "—"}</dd>
          </dl>
        </Card>
        <Correlated org={org} event={event} />
      </div>
      <Card title={t.attempts} description={t.attemptsDescription}>
        <AttemptLog attempts={event.attemptLog} />
      </Card>
      <Card title={t.payload} description={t.payloadDescription}>
        <pre className="max-h-[32rem] overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs leading-relaxed text-slate-800 dark:bg-slate-950 dark:text-slate-200" data-testid="payload">
          {pretty(event.payload)}
        </pre>
      </Card>
    </div>
  );
}

function Outcome({ event }: { event: GetEventResponse }) {
  const dictionary = useT();
  const t = dictionary.events.detail;
  const format = useFormat();
  const text = event.lastError
    ? event.status === "dead"
      ? t.gaveUp(event.attempts, event.lastError)
      : t.lastFailed(event.lastError, event.nextAttemptAt ? format.dateTime(event.nextAttemptAt, { dateStyle: "medium", timeStyle: "medium" }) : null)
    : event.decisionNote && dictionary.common.decisionNote(event.decisionNote);
  // Only an event still queued waits for a worker; a settled one without a note has nothing to add.
  if (!text) return event.status === "pending" || event.status === "processing" ? <p className="text-sm text-slate-500">{t.waiting}</p> : null;
  const tone = event.status === "dead" || event.lastError ? "border-red-200 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200" : "border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900";
  return <p data-testid="decision-note" className={`rounded-md border px-4 py-3 text-sm ${tone}`}>{text}</p>;
}

function Correlated({ org, event }: { org: string; event: GetEventResponse }) {
  const { subscription, checkout, customer, invoice } = event.correlated;
  const none = !subscription && !checkout && !customer && !invoice;
  const dictionary = useT();
  const t = dictionary.events.detail;
  const format = useFormat();
  return (
    <Card title={t.related}>
      <ul className="space-y-2 text-sm">
        {subscription && (
          <li>{t.subscription} <Link className="break-all font-mono text-brand-700 hover:underline dark:text-brand-400" href={`/${org}/subscriptions/${subscription.id}`}>{subscription.providerSubscriptionId}</Link> <Badge>{dictionary.common.subscriptionStatus[subscription.status] ?? subscription.status}</Badge></li>
        )}
        {checkout && <li>{t.checkout} <Link className="break-all font-mono text-brand-700 hover:underline dark:text-brand-400" href={`/${org}/checkouts/${checkout.id}`}>{event.objectRefs.checkout}</Link> <Badge>{dictionary.checkouts.status[checkout.status] ?? checkout.status}</Badge></li>}
        {customer && <li>{t.customer} {customer.name ?? ""} {customer.email && <span className="text-slate-500">&lt;{customer.email}&gt;</span>}</li>}
        {invoice && (
          <li>
            {t.invoice} <span className="font-mono">{event.objectRefs.invoice}</span> <Badge>{dictionary.common.invoiceStatus[invoice.status] ?? invoice.status}</Badge>{" "}
            {format.money(invoice.total, invoice.currency)} {t.tax(format.money(invoice.tax, invoice.currency))}
          </li>
        )}
        {none && <li className="text-slate-500">{t.nothing}</li>}
      </ul>
      {event.related.length > 0 && (
        <>
          <h3 className="mt-4 text-xs font-semibold uppercase text-slate-500">{t.otherEvents}</h3>
          <ul className="mt-1 space-y-1 text-sm">
            {event.related.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="w-40 text-xs text-slate-500">{format.dateTime(r.providerCreatedAt, { dateStyle: "medium", timeStyle: "medium" })}</span>
                <Link href={`/${org}/events/${r.id}`} className="min-w-0 break-all text-brand-700 hover:underline dark:text-brand-400">{r.type}</Link>
                <DecisionBadge decision={r.decision} />
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
