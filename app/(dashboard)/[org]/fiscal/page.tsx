import { dehydrate } from "@tanstack/react-query";
import { JsonHydrationBoundary } from "@/components/json-hydration-boundary";
import { FiscalView } from "@/components/fiscal/fiscal-view";
import { TaxSettingsCard } from "@/components/fiscal/tax-settings-card";
import { hasRole } from "@/lib/auth/context";
import { getPageContext } from "@/lib/auth/page-context";
import { getPageMode } from "@/lib/auth/page-mode";
import { getFiscalSettings } from "@/lib/fiscal/get-fiscal-settings";
import { getFiscalSignals } from "@/lib/fiscal/get-fiscal-signals";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { makeQueryClient } from "@/lib/hooks/query-client";
import { queryKeys } from "@/lib/hooks/query-keys";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.fiscal.title };
}

export default async function FiscalPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await getPageContext((await params).org);
  const [mode, { t }] = await Promise.all([getPageMode(), getDictionary()]);
  const slug = ctx.organization.slug;
  const client = makeQueryClient();
  await Promise.all([
    client.prefetchQuery({ queryKey: queryKeys.fiscal(slug, mode), queryFn: () => getFiscalSignals({ ctx, mode }) }),
    client.prefetchQuery({ queryKey: queryKeys.fiscalSettings(slug), queryFn: () => getFiscalSettings({ ctx }) }),
  ]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t.fiscal.title}</h1>
        <p className="text-sm text-slate-500 dark:text-slate-400">{t.fiscal.description}</p>
      </div>
      <JsonHydrationBoundary state={JSON.stringify(dehydrate(client))}>
        <TaxSettingsCard org={slug} canManage={hasRole(ctx, "admin")} />
        <FiscalView org={slug} />
      </JsonHydrationBoundary>
    </div>
  );
}
