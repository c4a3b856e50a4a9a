import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { useT } from "@/lib/i18n/i18n-context";
import type { EventFilters } from "@/lib/queries/use-events";
import { eventStatusFilters, providers } from "@/lib/validations/events";

/**
 * A plain GET form: filters live in the URL, so a filtered view can be shared with a colleague
 * and the server page prefetches exactly what is shown.
 */
export function EventsFilters({ org, filters }: { org: string; filters: EventFilters }) {
  const local = (iso: string | undefined) => (iso ? iso.slice(0, 16) : "");
  const dictionary = useT();
  const t = dictionary.events.filters;
  return (
    <form method="get" action={`/${org}/events`} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label={t.label}>
      <label className="lg:col-span-2">
        <span className="sr-only">{t.search}</span>
        <Input name="q" defaultValue={filters.q ?? ""} placeholder={t.searchPlaceholder} />
      </label>
      <label>
        <span className="sr-only">{t.provider}</span>
        <Select name="provider" defaultValue={filters.provider ?? ""}>
          <option value="">{t.allProviders}</option>
          {providers.map((p) => (
            <option key={p} value={p}>{p}</option>
          ))}
        </Select>
      </label>
      <label>
        <span className="sr-only">{t.status}</span>
        <Select name="status" defaultValue={filters.status ?? ""}>
          <option value="">{t.allStatuses}</option>
          {eventStatusFilters.map((s) => (
            <option key={s} value={s}>{dictionary.events.statuses[s] ?? s}</option>
          ))}
        </Select>
      </label>
      <label>
        <span className="sr-only">{t.type}</span>
        <Input name="type" defaultValue={filters.type ?? ""} placeholder={t.typePlaceholder} />
      </label>
      <label>
        <span className="sr-only">{t.from}</span>
        <Input type="datetime-local" name="from" defaultValue={local(filters.from)} title={t.receivedFrom} />
      </label>
      <div className="flex gap-2 sm:col-span-2 lg:col-span-1">
        <label className="min-w-0 flex-1">
          <span className="sr-only">{t.to}</span>
          <Input type="datetime-local" name="to" defaultValue={local(filters.to)} title={t.receivedUntil} />
        </label>
        <Button type="submit">{t.filter}</Button>
      </div>
    </form>
  );
}
