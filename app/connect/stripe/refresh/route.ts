// GET /connect/stripe/refresh?org=&connection= — Stripe's link expired or was used: make a new one and go back
import { onboardingRedirect } from "@/lib/connections/onboarding-redirect";
import { restartStripeOnboarding } from "@/lib/connections/start-stripe-onboarding";

export const GET = (req: Request) =>
  onboardingRedirect(req, async ({ ctx, connectionId }) => {
    const { url } = await restartStripeOnboarding({ ctx, input: { connectionId } });
    return Response.redirect(url, 303);
  });
