import { HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { EventDetail } from "@/components/events/event-detail";
import { hasRole } from "@/lib/auth/context";
import { getPageContext } from "@/lib/auth/page-context";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { prefetchOrNotFound } from "@/lib/hooks/prefetch";
import { queryKeys } from "@/lib/hooks/query-keys";
import { uuidParam } from "@/lib/validations/events";
import { getEvent } from "@/lib/webhooks/events/get-event";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.events.detail.title };
}

export default async function EventPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const ctx = await getPageContext(org);
  if (!uuidParam.safeParse(id).success) notFound();
  const slug = ctx.organization.slug;
  const state = await prefetchOrNotFound(queryKeys.event(slug, id), () => getEvent({ ctx, input: { eventId: id } }));
  return (
    <HydrationBoundary state={state}>
      <EventDetail org={slug} id={id} canManage={hasRole(ctx, "admin")} />
    </HydrationBoundary>
  );
}
