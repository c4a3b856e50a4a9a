// GET /api/orgs/{org}/events/{id} — one event: payload, signature, decision, attempts with logs, correlated objects
import { DomainError } from "@/lib/errors";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { uuidParam } from "@/lib/validations/events";
import { getEvent } from "@/lib/webhooks/events/get-event";

export const GET = withSession<{ org: string; id: string }>(async (_req, { ctx, params }) => {
  if (!uuidParam.safeParse(params.id).success) throw new DomainError("not_found", "No such event in this organization.");
  return json(await getEvent({ ctx, input: { eventId: params.id } }));
});
