import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import Link from "next/link";
import { OverviewView } from "@/components/overview/overview-view";
import { Badge, Card } from "@/components/ui/card";
import { hasRole } from "@/lib/auth/context";
import { getPageContext } from "@/lib/auth/page-context";
import { getPageMode } from "@/lib/auth/page-mode";
import { env } from "@/lib/env";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { getOverview } from "@/lib/overview/get-overview";
import { makeQueryClient } from "@/lib/hooks/query-client";
import { queryKeys } from "@/lib/hooks/query-keys";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.overview.title };
}

export default async function OverviewPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await getPageContext((await params).org);
  const [mode, { t }] = await Promise.all([getPageMode(), getDictionary()]);
  const { slug, id, name } = ctx.organization;
  const client = makeQueryClient();
  await client.prefetchQuery({ queryKey: queryKeys.overview(slug, mode), queryFn: () => getOverview({ ctx, mode }) });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{name}</h1>
        <p className="text-sm text-slate-500">
          <code className="font-mono">{slug}</code> · {t.overview.identity} <code className="font-mono">{id}</code> · {t.overview.youAre}{" "}
          <Badge>{ctx.role ? (t.common.roles[ctx.role] ?? ctx.role) : ""}</Badge>
        </p>
      </div>
      <HydrationBoundary state={dehydrate(client)}>
        <OverviewView org={slug} />
      </HydrationBoundary>
      <Card title={t.overview.integrate.title} description={t.overview.integrate.description}>
        <p className="text-sm">
          {hasRole(ctx, "admin") ? (
            <Link className="font-medium text-brand-600 dark:text-brand-500" href={`/${slug}/settings#api-tokens`}>
              {t.overview.integrate.adminHint}
            </Link>
          ) : (
            t.overview.integrate.viewerHint
          )}
        </p>
        <pre className="mt-3 overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">
          curl -H &quot;Authorization: Bearer bcn_test_…&quot; {env.publicUrl}/v1/me
        </pre>
      </Card>
    </div>
  );
}
