// GET /api/orgs/{org}/subscriptions/{id} — one subscription with its timeline, invoices and events
import { DomainError } from "@/lib/errors";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { getSubscription } from "@/lib/subscriptions/get-subscription";
import { uuidParam } from "@/lib/validations/events";

export const GET = withSession<{ org: string; id: string }>(async (_req, { ctx, params }) => {
  if (!uuidParam.safeParse(params.id).success) throw new DomainError("not_found", "No such subscription in this organization.");
  return json(await getSubscription({ ctx, input: { subscriptionId: params.id } }));
});
