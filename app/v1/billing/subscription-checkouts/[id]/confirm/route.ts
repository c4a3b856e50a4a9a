// POST /v1/billing/subscription-checkouts/{id}/confirm — ask the provider and apply its answer (idempotent)
import { json } from "@/lib/api/respond";
import { withApiToken } from "@/lib/api/with-api-token";
import { confirmCheckout } from "@/lib/checkouts/confirm-checkout";
import { checkoutIdParam } from "@/lib/validations/checkouts";
import { methodNotAllowed } from "@/lib/api/method-not-allowed";

export const POST = withApiToken<{ id: string }>(
  async (_req, { ctx, params, requestId }) => json(await confirmCheckout({ ctx, input: { checkoutId: checkoutIdParam(params.id) }, requestId })),
  { scope: "integration" },
);

const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
