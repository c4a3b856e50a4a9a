import "server-only";
import { DomainError } from "@/lib/errors";
import type { OrgContext } from "@/lib/auth/context";
import { getSessionUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { getOrgContext } from "@/lib/organizations/get-org-context";
import { logger } from "@/lib/utils/logger";
import { onboardingReturnQuery } from "@/lib/validations/connections";

// Stripe sends the merchant's browser to the return and refresh URLs, so they answer with
// redirects, never JSON: to sign-in first if needed, and back to the Connections page with a
// readable message when something fails.

const to = (path: string) => Response.redirect(new URL(path, env.publicUrl), 303);

export const connectionsPage = (org: string, query: Record<string, string>) =>
  to(`/${encodeURIComponent(org)}/connections?${new URLSearchParams(query)}`);

/** Runs `step` for the signed-in member of the organization named in the URL. */
export async function onboardingRedirect(
  req: Request,
  step: (args: { ctx: OrgContext; connectionId: string }) => Promise<Response>,
): Promise<Response> {
  const url = new URL(req.url);
  const query = onboardingReturnQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) return to("/");
  const user = await getSessionUser();
  if (!user) return to(`/sign-in?callbackUrl=${encodeURIComponent(`${url.pathname}${url.search}`)}`);
  const { org, connection } = query.data;
  try {
    return await step({ ctx: await getOrgContext(user, org), connectionId: connection });
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") return to("/");
    if (!(error instanceof DomainError)) logger.error({ err: error, path: url.pathname }, "stripe onboarding redirect failed");
    const message = error instanceof DomainError ? error.message : "Something went wrong; refresh the connection to see its status.";
    return connectionsPage(org, { error: message });
  }
}
