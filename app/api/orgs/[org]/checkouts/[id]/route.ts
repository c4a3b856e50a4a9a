// GET /api/orgs/{org}/checkouts/{id} — the checkout's causal chain: requests, session, confirmations, webhooks, subscription
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { getCheckoutChain } from "@/lib/checkouts/get-checkout-chain";
import { checkoutIdParam } from "@/lib/validations/checkouts";

export const GET = withSession<{ org: string; id: string }>(async (_req, { ctx, params }) =>
  json(await getCheckoutChain({ ctx, input: { checkoutId: checkoutIdParam(params.id) } })),
);
