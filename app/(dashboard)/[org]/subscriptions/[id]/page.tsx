import { HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { SubscriptionDetail } from "@/components/subscriptions/subscription-detail";
import { hasRole } from "@/lib/auth/context";
import { getPageContext } from "@/lib/auth/page-context";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { prefetchOrNotFound } from "@/lib/hooks/prefetch";
import { queryKeys } from "@/lib/hooks/query-keys";
import { getSubscription } from "@/lib/subscriptions/get-subscription";
import { uuidParam } from "@/lib/validations/events";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.subscriptions.detail.title };
}

export default async function SubscriptionPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const ctx = await getPageContext(org);
  if (!uuidParam.safeParse(id).success) notFound();
  const slug = ctx.organization.slug;
  const state = await prefetchOrNotFound(queryKeys.subscription(slug, id), () => getSubscription({ ctx, input: { subscriptionId: id } }));
  return (
    <HydrationBoundary state={state}>
      <SubscriptionDetail org={slug} id={id} canManage={hasRole(ctx, "admin")} />
    </HydrationBoundary>
  );
}
