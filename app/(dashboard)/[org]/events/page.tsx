import { dehydrate } from "@tanstack/react-query";
import { JsonHydrationBoundary } from "@/components/json-hydration-boundary";
import { EventsView } from "@/components/events/events-view";
import { hasRole } from "@/lib/auth/context";
import { getPageContext } from "@/lib/auth/page-context";
import { getPageMode } from "@/lib/auth/page-mode";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { makeQueryClient } from "@/lib/hooks/query-client";
import { queryKeys } from "@/lib/hooks/query-keys";
import type { EventFilters } from "@/lib/hooks/use-events";
import { listEventsQuery } from "@/lib/validations/events";
import { listEvents } from "@/lib/webhooks/events/list-events";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.events.title };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const keys = ["provider", "status", "type", "q", "from", "to", "before", "cursor", "ignored"] as const;

export default async function EventsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: SearchParams }) {
  const ctx = await getPageContext((await params).org);
  const query = await searchParams;
  const [mode, { t }] = await Promise.all([getPageMode(), getDictionary()]);
  // The URL's filters, as the client hook will send them; a malformed one is dropped, not fatal.
  const filters: EventFilters = { mode };
  for (const key of keys) {
    const value = query[key];
    if (typeof value === "string" && value && listEventsQuery.shape[key].safeParse(value).success) filters[key] = value;
  }
  // Events no handler acts on stay out of the way unless asked for (the list's toggle).
  filters.ignored ??= "hide";
  const slug = ctx.organization.slug;
  const client = makeQueryClient();
  await client.prefetchQuery({ queryKey: queryKeys.events(slug, filters), queryFn: () => listEvents({ ctx, input: listEventsQuery.parse(filters) }) });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t.events.title}</h1>
        <p className="text-sm text-slate-500 dark:text-slate-400">{t.events.description}</p>
      </div>
      <JsonHydrationBoundary state={JSON.stringify(dehydrate(client))}>
        <EventsView org={slug} mode={mode} filters={filters} canManage={hasRole(ctx, "admin")} />
      </JsonHydrationBoundary>
    </div>
  );
}
