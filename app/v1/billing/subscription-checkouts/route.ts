// POST /v1/billing/subscription-checkouts — create (or replay) a hosted subscription checkout
// GET  /v1/billing/subscription-checkouts — list checkouts, newest first, cursor-paginated
import { parseBody, parseQuery } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withApiToken } from "@/lib/api/with-api-token";
import { createCheckoutIdempotently } from "@/lib/checkouts/create-checkout-idempotently";
import { listCheckouts } from "@/lib/checkouts/list-checkouts";
import { idempotentResponse, readIdempotencyKey } from "@/lib/api/idempotency-key";
import { createCheckoutBody, listCheckoutsQuery } from "@/lib/validations/checkouts";
import { methodNotAllowed } from "@/lib/api/method-not-allowed";

export const POST = withApiToken(
  async (req, { ctx, requestId }) => {
    const key = readIdempotencyKey(req);
    const input = await parseBody(req, createCheckoutBody);
    return idempotentResponse(await createCheckoutIdempotently({ ctx, key, input, requestId }));
  },
  { scope: "integration" },
);

export const GET = withApiToken(
  async (req, { ctx }) => json(await listCheckouts({ ctx, input: parseQuery(req, listCheckoutsQuery) })),
  { scope: "read" },
);

const notAllowed = methodNotAllowed("GET", "POST");
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
