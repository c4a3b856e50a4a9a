// GET /api/orgs/{org}/events/replay/{id} — a bulk replay's progress and result summary
import { DomainError } from "@/lib/errors";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { uuidParam } from "@/lib/validations/events";
import { getReplay } from "@/lib/webhooks/replay/get-replay";

export const GET = withSession<{ org: string; id: string }>(async (_req, { ctx, params }) => {
  if (!uuidParam.safeParse(params.id).success) throw new DomainError("not_found", "No such replay in this organization.");
  return json(await getReplay({ ctx, input: { replayId: params.id } }));
});
