// POST /api/orgs/{org}/events/{id}/reprocess — run one event again now (admins; audited)
import { DomainError } from "@/lib/errors";
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { reprocessInput, uuidParam } from "@/lib/validations/events";
import { reprocessEvent } from "@/lib/webhooks/events/reprocess-event";

export const POST = withSession<{ org: string; id: string }>(
  async (req, { ctx, params }) => {
    await parseBody(req, reprocessInput);
    if (!uuidParam.safeParse(params.id).success) throw new DomainError("not_found", "No such event in this organization.");
    return json(await reprocessEvent({ ctx, input: { eventId: params.id } }));
  },
  { role: "admin" },
);
