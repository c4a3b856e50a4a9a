// POST /api/orgs/{org}/checkouts/{id}/confirm — "confirm now": ask the provider and apply its answer (admins)
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { confirmCheckout } from "@/lib/checkouts/confirm-checkout";
import { checkoutIdParam } from "@/lib/validations/checkouts";

export const POST = withSession<{ org: string; id: string }>(
  async (_req, { ctx, params, requestId }) => json(await confirmCheckout({ ctx, input: { checkoutId: checkoutIdParam(params.id) }, requestId })),
  { role: "admin" },
);
