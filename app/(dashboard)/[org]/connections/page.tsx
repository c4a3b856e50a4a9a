import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { Notice } from "@/components/connections/connection-parts";
import { ConnectionsView } from "@/components/connections/connections-view";
import { hasRole } from "@/lib/auth/context";
import { getPageContext } from "@/lib/auth/page-context";
import { getPageMode } from "@/lib/auth/page-mode";
import { listConnections } from "@/lib/connections/list-connections";
import { makeQueryClient } from "@/lib/queries/query-client";
import { queryKeys } from "@/lib/queries/query-keys";

export const metadata = { title: "Connections" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ConnectionsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: SearchParams }) {
  const ctx = await getPageContext((await params).org);
  const query = await searchParams;
  // The dashboard's test/live switch in the header chooses the mode.
  const mode = await getPageMode();
  const slug = ctx.organization.slug;
  const client = makeQueryClient();
  await client.prefetchQuery({ queryKey: queryKeys.connections(slug, mode), queryFn: () => listConnections({ ctx, input: { mode } }) });
  // Set by the Stripe onboarding return and refresh pages.
  const returned = typeof query.onboarding === "string" ? query.onboarding.replace(/_/g, " ") : null;
  const error = typeof query.error === "string" ? query.error : null;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Connections</h1>
        <p className="text-sm text-slate-500 dark:text-slate-400">
          Your provider accounts in {mode} mode, and the webhook endpoints that keep Beacon current. Switch modes in the header.
        </p>
      </div>
      {returned && <Notice tone="blue">Back from Stripe: Beacon re-read your account, which is {returned}.</Notice>}
      {error && <Notice tone="red">{error}</Notice>}
      <HydrationBoundary state={dehydrate(client)}>
        <ConnectionsView org={slug} mode={mode} canManage={hasRole(ctx, "admin")} />
      </HydrationBoundary>
    </div>
  );
}
