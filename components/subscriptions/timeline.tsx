import Link from "next/link";
import { Badge } from "@/components/ui/card";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import type { GetSubscriptionResponse } from "@/lib/subscriptions/get-subscription";

export function Timeline({ org, entries }: { org: string; entries: GetSubscriptionResponse["timeline"] }) {
  const dictionary = useT();
  const t = dictionary.subscriptions.timeline;
  const format = useFormat();
  const show = (field: string, value: string | null) => {
    if (value === null) return "—";
    if (field.endsWith("_end") || field.endsWith("_at")) return format.date(value);
    if (field === "status") return dictionary.subscriptions.statuses[value] ?? value;
    if (field.endsWith("billing_cycle")) return dictionary.checkouts.cycles[value] ?? value;
    return value;
  };
  if (entries.length === 0) return <p className="text-sm text-slate-500">{t.none}</p>;
  return (
    <ol className="relative space-y-4 border-l border-slate-200 pl-5 dark:border-slate-700" data-testid="timeline">
      {entries.map((entry) => (
        <li key={entry.id} className="relative" data-testid="timeline-entry">
          <span className="absolute -left-[1.66rem] top-1.5 h-2.5 w-2.5 rounded-full bg-brand-500" />
          <div className="text-sm">
            <strong>{t.fields[entry.field] ?? entry.field}</strong>{" "}
            <span className="text-slate-500">{show(entry.field, entry.from)}</span> → <span className="font-medium">{show(entry.field, entry.to)}</span>
          </div>
          <div className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-slate-500">
            <span title={t.recorded(format.dateTime(entry.recordedAt, { dateStyle: "medium", timeStyle: "medium" }))}>{format.dateTime(entry.occurredAt, { dateStyle: "medium", timeStyle: "medium" })}</span>
            <Badge tone={entry.source === "event" ? "blue" : entry.source === "reconcile" ? "amber" : "neutral"}>{t.sources[entry.source] ?? entry.source}</Badge>
            {entry.event ? (
              <Link href={`/${org}/events/${entry.event.id}`} className="font-mono text-brand-700 hover:underline dark:text-brand-400">{entry.event.type} {entry.sourceRef}</Link>
            ) : (
              entry.sourceRef && <span className="font-mono">{entry.sourceRef}</span>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
