// GET /connect/stripe/return?org=&connection= — back from Stripe onboarding: re-retrieve the account, show the result
import { onboardingRedirect, connectionsPage } from "@/lib/connections/onboarding-redirect";
import { refreshConnection } from "@/lib/connections/refresh-connection";

export const GET = (req: Request) =>
  onboardingRedirect(req, async ({ ctx, connectionId }) => {
    // Reaching the return URL does not mean onboarding finished: the account says what happened.
    const connection = await refreshConnection({ ctx, input: { connectionId, kind: "return" } });
    return connectionsPage(ctx.organization.slug, { onboarding: connection.status });
  });
