import { dehydrate } from "@tanstack/react-query";
import { JsonHydrationBoundary } from "@/components/json-hydration-boundary";
import { SubscriptionsView } from "@/components/subscriptions/subscriptions-view";
import { getPageContext } from "@/lib/auth/page-context";
import { getPageMode } from "@/lib/auth/page-mode";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { makeQueryClient } from "@/lib/hooks/query-client";
import { queryKeys } from "@/lib/hooks/query-keys";
import type { SubscriptionFilters } from "@/lib/hooks/use-subscriptions";
import { listSubscriptions } from "@/lib/subscriptions/list-subscriptions";
import { listSubscriptionsQuery } from "@/lib/validations/subscriptions";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.subscriptions.title };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const keys = ["provider", "status", "q", "cursor"] as const;

export default async function SubscriptionsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: SearchParams }) {
  const ctx = await getPageContext((await params).org);
  const query = await searchParams;
  const [mode, { t }] = await Promise.all([getPageMode(), getDictionary()]);
  const filters: SubscriptionFilters = { mode };
  for (const key of keys) {
    const value = query[key];
    if (typeof value === "string" && value && listSubscriptionsQuery.shape[key].safeParse(value).success) filters[key] = value;
  }
  const slug = ctx.organization.slug;
  const client = makeQueryClient();
  await client.prefetchQuery({ queryKey: queryKeys.subscriptions(slug, filters), queryFn: () => listSubscriptions({ ctx, input: listSubscriptionsQuery.parse(filters) }) });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t.subscriptions.title}</h1>
      <JsonHydrationBoundary state={JSON.stringify(dehydrate(client))}>
        <SubscriptionsView org={slug} filters={filters} />
      </JsonHydrationBoundary>
    </div>
  );
}
