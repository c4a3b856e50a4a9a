import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/db";
import { listMembershipsOfUser } from "@/db/queries/organizations";
import type { OrgContext } from "./context";
import { getSessionUser } from "./session";

/**
 * The signed-in user's organizations with their role in each, by name: read once per request
 * (React's `cache` lives as long as one render), for the membership check below and the
 * layout's organization switcher alike, so a page costs one query for both.
 */
// `async`: a drizzle query is a thenable that runs again on every `await`; the cache must hold its one result.
export const getPageMemberships = cache(async (userId: string) => await listMembershipsOfUser(db, userId));

/**
 * The organization context for a dashboard page: sign-in when there is no session, a 404 when
 * the user is not a member (another tenant's organization is indistinguishable from none).
 * Cached per request so the layout and the page resolve it once; checked on every request.
 */
export const getPageContext = cache(async (slug: string): Promise<OrgContext> => {
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/${slug}`)}`);
  const membership = (await getPageMemberships(user.id)).find((m) => m.slug === slug);
  if (!membership) notFound();
  return { organization: { id: membership.id, slug, name: membership.name }, role: membership.role, principal: { type: "user", id: user.id, email: user.email } };
});
