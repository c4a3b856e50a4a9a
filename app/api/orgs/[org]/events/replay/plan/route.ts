// POST /api/orgs/{org}/events/replay/plan — what a bulk replay of a filter would do, before anything runs (admins; reads only)
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { replayFilterInput } from "@/lib/validations/replay";
import { planReplay } from "@/lib/webhooks/replay/plan-replay";

export const POST = withSession<{ org: string }>(async (req, { ctx }) => json(await planReplay({ ctx, input: await parseBody(req, replayFilterInput) })), {
  role: "admin",
});
