// POST /api/orgs/{org}/events/reconcile — fetch missed events from the providers and report drift (admins; audited)
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { reconcileInput } from "@/lib/validations/events";
import { runReconcile } from "@/lib/webhooks/reconcile/run-reconcile";

export const POST = withSession<{ org: string }>(async (req, { ctx }) => json(await runReconcile({ ctx, input: await parseBody(req, reconcileInput) })), {
  role: "admin",
});
