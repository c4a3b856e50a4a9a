import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { PlansPanel } from "@/components/plans/plans-panel";
import { hasRole } from "@/lib/auth/context";
import { getPageContext } from "@/lib/auth/page-context";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { listPlans } from "@/lib/plans/list-plans";
import { makeQueryClient } from "@/lib/hooks/query-client";
import { queryKeys } from "@/lib/hooks/query-keys";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.plans.title };
}

export default async function PlansPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await getPageContext((await params).org);
  const { t } = await getDictionary();
  const slug = ctx.organization.slug;
  const client = makeQueryClient();
  await client.prefetchQuery({ queryKey: queryKeys.plans(slug), queryFn: () => listPlans({ ctx }) });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t.plans.title}</h1>
      <HydrationBoundary state={dehydrate(client)}>
        <PlansPanel org={slug} canManage={hasRole(ctx, "admin")} />
      </HydrationBoundary>
    </div>
  );
}
