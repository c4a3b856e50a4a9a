import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { AlertDestinationsPanel } from "@/components/settings/alert-destinations-panel";
import { ApiTokensPanel } from "@/components/settings/api-tokens-panel";
import { AuditLogPanel } from "@/components/settings/audit-log-panel";
import { DefaultProviderPanel } from "@/components/settings/default-provider-panel";
import { MembersPanel } from "@/components/settings/members-panel";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import { hasRole } from "@/lib/auth/context";
import { getPageContext } from "@/lib/auth/page-context";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { listMembers } from "@/lib/organizations/list-members";
import { getOrgSettings } from "@/lib/organizations/org-settings";
import { makeQueryClient } from "@/lib/hooks/query-client";
import { queryKeys } from "@/lib/hooks/query-keys";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.settings.title };
}

export default async function SettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await getPageContext((await params).org);
  const slug = ctx.organization.slug;
  const canManage = hasRole(ctx, "admin");
  const { t } = await getDictionary();
  // Prefetch with the same verbs the JSON routes call, so the first paint needs no round trip.
  const client = makeQueryClient();
  await Promise.all([
    client.prefetchQuery({ queryKey: queryKeys.apiTokens(slug), queryFn: () => listApiTokens({ ctx }) }),
    client.prefetchQuery({ queryKey: queryKeys.members(slug), queryFn: () => listMembers({ ctx }) }),
    client.prefetchQuery({ queryKey: queryKeys.orgSettings(slug), queryFn: () => getOrgSettings({ ctx }) }),
  ]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t.settings.title}</h1>
      <HydrationBoundary state={dehydrate(client)}>
        <DefaultProviderPanel org={slug} canManage={canManage} />
        <ApiTokensPanel org={slug} canManage={canManage} />
        <MembersPanel org={slug} canManage={canManage} isOwner={ctx.role === "owner"} />
        {canManage && <AlertDestinationsPanel org={slug} />}
        {canManage && <AuditLogPanel org={slug} />}
      </HydrationBoundary>
    </div>
  );
}
