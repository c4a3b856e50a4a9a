// GET /v1/billing/subscription-checkouts/{id} — one checkout as Beacon knows it
import { json } from "@/lib/api/respond";
import { withApiToken } from "@/lib/api/with-api-token";
import { getCheckout } from "@/lib/checkouts/load-checkout";
import { checkoutIdParam } from "@/lib/validations/checkouts";

export const GET = withApiToken<{ id: string }>(
  async (_req, { ctx, params }) => json(await getCheckout({ ctx, checkoutId: checkoutIdParam(params.id) })),
  { scope: "read" },
);
