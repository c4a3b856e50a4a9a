import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { Notice } from "@/components/connections/connection-parts";
import { ConnectionsView } from "@/components/connections/connections-view";
import { hasRole } from "@/lib/auth/context";
import { getPageContext } from "@/lib/auth/page-context";
import { getPageMode } from "@/lib/auth/page-mode";
import { listConnections } from "@/lib/connections/list-connections";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { makeQueryClient } from "@/lib/hooks/query-client";
import { queryKeys } from "@/lib/hooks/query-keys";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.connections.title };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ConnectionsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: SearchParams }) {
  const ctx = await getPageContext((await params).org);
  const query = await searchParams;
  // The dashboard's test/live switch in the header chooses the mode.
  const [mode, { t }] = await Promise.all([getPageMode(), getDictionary()]);
  const slug = ctx.organization.slug;
  const client = makeQueryClient();
  await client.prefetchQuery({ queryKey: queryKeys.connections(slug, mode), queryFn: () => listConnections({ ctx, input: { mode } }) });
  // Set by the Stripe onboarding return and refresh pages.
  const returned = typeof query.onboarding === "string" ? query.onboarding.replace(/_/g, " ") : null;
  const error = typeof query.error === "string" ? query.error : null;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t.connections.title}</h1>
        <p className="text-sm text-slate-500 dark:text-slate-400">{t.connections.description(t.common.modes[mode] ?? mode)}</p>
      </div>
      {returned && <Notice tone="blue">{t.connections.backFromStripe(returned)}</Notice>}
      {error && <Notice tone="red">{error}</Notice>}
      <HydrationBoundary state={dehydrate(client)}>
        <ConnectionsView org={slug} mode={mode} canManage={hasRole(ctx, "admin")} />
      </HydrationBoundary>
    </div>
  );
}
