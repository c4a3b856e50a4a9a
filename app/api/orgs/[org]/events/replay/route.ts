// GET /api/orgs/{org}/events/replay — the latest bulk replays
// POST /api/orgs/{org}/events/replay — put the events a filter selects back in the queue (admins; audited)
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { replayFilterInput } from "@/lib/validations/replay";
import { listReplays } from "@/lib/webhooks/replay/get-replay";
import { runReplay } from "@/lib/webhooks/replay/run-replay";

export const GET = withSession<{ org: string }>(async (_req, { ctx }) => json(await listReplays({ ctx, input: {} })));

export const POST = withSession<{ org: string }>(async (req, { ctx }) => json(await runReplay({ ctx, input: await parseBody(req, replayFilterInput) }), { status: 202 }), {
  role: "admin",
});
