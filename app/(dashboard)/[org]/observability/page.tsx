import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { ObservabilityView } from "@/components/observability/observability-view";
import { getPageContext } from "@/lib/auth/page-context";
import { getPageMode } from "@/lib/auth/page-mode";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { getObservability } from "@/lib/observability/get-observability";
import { makeQueryClient } from "@/lib/hooks/query-client";
import { queryKeys } from "@/lib/hooks/query-keys";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.observability.title };
}

export default async function ObservabilityPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await getPageContext((await params).org);
  const [mode, { t }] = await Promise.all([getPageMode(), getDictionary()]);
  const slug = ctx.organization.slug;
  const client = makeQueryClient();
  await client.prefetchQuery({ queryKey: queryKeys.observability(slug, mode, "24h"), queryFn: () => getObservability({ ctx, mode, range: "24h" }) });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t.observability.title}</h1>
        <p className="text-sm text-slate-500 dark:text-slate-400">{t.observability.description}</p>
      </div>
      <HydrationBoundary state={dehydrate(client)}>
        <ObservabilityView org={slug} initialRange="24h" />
      </HydrationBoundary>
    </div>
  );
}
