// POST /api/orgs/{org}/connections/stripe — connect Stripe or continue onboarding: a fresh onboarding link
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { startStripeOnboarding } from "@/lib/connections/start-stripe-onboarding";
import { startStripeOnboardingInput } from "@/lib/validations/connections";

export const POST = withSession<{ org: string }>(
  async (req, { ctx }) => json(await startStripeOnboarding({ ctx, input: await parseBody(req, startStripeOnboardingInput) })),
  { role: "admin" },
);
