// GET /api/orgs/{org}/checkouts?mode= — one mode's checkouts, newest first; POST — create a test checkout (admins)
import { parseBody, parseQuery } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { createTestCheckout } from "@/lib/checkouts/create-test-checkout";
import { listCheckouts } from "@/lib/checkouts/list-checkouts";
import { createTestCheckoutInput, listOrgCheckoutsQuery } from "@/lib/validations/checkouts";

type Params = { org: string };

export const GET = withSession<Params>(async (req, { ctx }) => json(await listCheckouts({ ctx, input: parseQuery(req, listOrgCheckoutsQuery) })));

export const POST = withSession<Params>(
  async (req, { ctx, requestId }) => json(await createTestCheckout({ ctx, input: await parseBody(req, createTestCheckoutInput), requestId }), { status: 201 }),
  { role: "admin" },
);
