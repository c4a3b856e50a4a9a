// POST /api/orgs/{org}/subscriptions/{id}/actions — pause, resume, cancel, cancel at period end or change plan (admins; audited)
import { DomainError } from "@/lib/errors";
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { changeSubscription } from "@/lib/subscriptions/change-subscription";
import { uuidParam } from "@/lib/validations/events";
import { subscriptionActionInput } from "@/lib/validations/subscriptions";

export const POST = withSession<{ org: string; id: string }>(
  async (req, { ctx, params }) => {
    const input = await parseBody(req, subscriptionActionInput);
    if (!uuidParam.safeParse(params.id).success) throw new DomainError("not_found", "No such subscription in this organization.");
    return json(await changeSubscription({ ctx, input: { subscriptionId: params.id, ...input } }));
  },
  { role: "admin" },
);
