import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { DomainError } from "@/lib/errors";
import { getOrgContext } from "@/lib/organizations/get-org-context";
import { getSessionUser } from "./session";

/**
 * The organization context for a dashboard page: sign-in when there is no session, a 404 when
 * the user is not a member (another tenant's organization is indistinguishable from none).
 * Cached per request so the layout and the page resolve it once.
 */
export const getPageContext = cache(async (slug: string) => {
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/${slug}`)}`);
  try {
    return await getOrgContext(user, slug);
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") notFound();
    throw error;
  }
});
