import { Button } from "@/components/ui/button";
import { FilterSelect, HiddenLabel, Input } from "@/components/ui/field";
import { useT } from "@/lib/i18n/i18n-context";
import type { EventFilters } from "@/lib/hooks/use-events";
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
      {filters.ignored && <input type="hidden" name="ignored" value={filters.ignored} />}
      <HiddenLabel label={t.search} className="lg:col-span-2">
        <Input name="q" defaultValue={filters.q ?? ""} placeholder={t.searchPlaceholder} />
      </HiddenLabel>
      <FilterSelect label={t.provider} name="provider" value={filters.provider} all={t.allProviders} options={providers.map((p) => [p, p])} />
      <FilterSelect
        label={t.status}
        name="status"
        value={filters.status}
        all={t.allStatuses}
        options={eventStatusFilters.map((s) => [s, dictionary.events.statuses[s] ?? s])}
      />
      <HiddenLabel label={t.type}>
        <Input name="type" defaultValue={filters.type ?? ""} placeholder={t.typePlaceholder} />
      </HiddenLabel>
      <HiddenLabel label={t.from}>
        <Input type="datetime-local" name="from" defaultValue={local(filters.from)} title={t.receivedFrom} />
      </HiddenLabel>
      <div className="flex gap-2 sm:col-span-2 lg:col-span-1">
        <HiddenLabel label={t.to} className="min-w-0 flex-1">
          <Input type="datetime-local" name="to" defaultValue={local(filters.to)} title={t.receivedUntil} />
        </HiddenLabel>
        <Button type="submit">{t.filter}</Button>
      </div>
    </form>
  );
}
