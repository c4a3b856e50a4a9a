import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { CheckoutsPanel } from "@/components/checkouts/checkouts-panel";
import { TestCheckoutForm } from "@/components/checkouts/test-checkout-form";
import { hasRole } from "@/lib/auth/context";
import { getPageContext } from "@/lib/auth/page-context";
import { getPageMode } from "@/lib/auth/page-mode";
import { listCheckouts } from "@/lib/checkouts/list-checkouts";
import { env } from "@/lib/env";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { listPlans } from "@/lib/plans/list-plans";
import { makeQueryClient } from "@/lib/hooks/query-client";
import { queryKeys } from "@/lib/hooks/query-keys";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.checkouts.title };
}

export default async function CheckoutsPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await getPageContext((await params).org);
  const [mode, { t }] = await Promise.all([getPageMode(), getDictionary()]);
  const slug = ctx.organization.slug;
  // Test checkouts are made by admins, and only shown where test data is: in test mode.
  const canCreate = hasRole(ctx, "admin") && mode === "test";
  const client = makeQueryClient();
  await Promise.all([
    client.prefetchInfiniteQuery({
      queryKey: queryKeys.checkouts(slug, mode),
      initialPageParam: null as string | null,
      queryFn: () => listCheckouts({ ctx, input: { limit: 20, mode } }),
    }),
    canCreate && client.prefetchQuery({ queryKey: queryKeys.plans(slug), queryFn: () => listPlans({ ctx }) }),
  ]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t.checkouts.title}</h1>
      <HydrationBoundary state={dehydrate(client)}>
        {canCreate && <TestCheckoutForm org={slug} />}
        <CheckoutsPanel org={slug} canManage={hasRole(ctx, "admin")} stuckMinutes={env.BEACON_CHECKOUT_STUCK_MINUTES} />
      </HydrationBoundary>
    </div>
  );
}
