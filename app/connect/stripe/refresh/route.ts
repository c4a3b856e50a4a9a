// GET /connect/stripe/refresh?org=&connection= — Stripe's link expired or was used: make a new one and go back
import { db } from "@/db";
import { findOrgConnection } from "@/lib/connections/load-connection";
import { onboardingRedirect } from "@/lib/connections/onboarding-redirect";
import { startStripeOnboarding } from "@/lib/connections/start-stripe-onboarding";

export const GET = (req: Request) =>
  onboardingRedirect(req, async ({ ctx, connectionId }) => {
    const connection = await findOrgConnection(db, ctx.organization.id, connectionId);
    const { url } = await startStripeOnboarding({ ctx, input: { mode: connection.mode } });
    return Response.redirect(url, 303);
  });
