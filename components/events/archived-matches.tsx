"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/card";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import type { ListEventsResponse } from "@/lib/webhooks/events/list-events";
import { DecisionBadge, EventStatusBadge } from "./status-badge";

/** Events past the retention that a search by provider event id found in the archive. */
export function ArchivedMatches({ org, archived }: { org: string; archived: ListEventsResponse["archived"] }) {
  const t = useT().events.archive;
  const format = useFormat();
  if (archived.length === 0) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm dark:border-slate-800 dark:bg-slate-800/50" data-testid="archived-matches">
      <p className="text-slate-600 dark:text-slate-300">{t.found(archived.length)}</p>
      <ul className="mt-1 space-y-1">
        {archived.map((event) => (
          <li key={event.id} className="flex flex-wrap items-center gap-2">
            <Link href={`/${org}/events/${event.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-400">{event.type}</Link>
            <span className="font-mono text-xs text-slate-500">{event.providerEventId}</span>
            <span className="text-xs text-slate-500">{format.dateTime(event.receivedAt, { dateStyle: "medium" })}</span>
            <EventStatusBadge status={event.status} />
            <DecisionBadge decision={event.decision} />
            <Badge>{t.badge}</Badge>
          </li>
        ))}
      </ul>
    </div>
  );
}
