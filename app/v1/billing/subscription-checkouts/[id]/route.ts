// GET /v1/billing/subscription-checkouts/{id} — one checkout as Beacon knows it
import { json } from "@/lib/api/respond";
import { withApiToken } from "@/lib/api/with-api-token";
import { getCheckout } from "@/lib/checkouts/load-checkout";
import { checkoutIdParam } from "@/lib/validations/checkouts";
import { methodNotAllowed } from "@/lib/api/method-not-allowed";

export const GET = withApiToken<{ id: string }>(
  async (_req, { ctx, params }) => json(await getCheckout({ ctx, input: { checkoutId: checkoutIdParam(params.id) } })),
  { scope: "read" },
);

const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
