// POST /api/orgs/{org}/alert-destinations/{id}/test — send one signed test alert now and report the outcome (admins; audited)
import { sendTestAlert } from "@/lib/alert-delivery/destinations";
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { DomainError } from "@/lib/errors";
import { sendTestAlertInput } from "@/lib/validations/alert-destinations";
import { uuidParam } from "@/lib/validations/events";

export const POST = withSession<{ org: string; id: string }>(
  async (req, { ctx, params }) => {
    await parseBody(req, sendTestAlertInput);
    if (!uuidParam.safeParse(params.id).success) throw new DomainError("not_found", "No such alert destination in this organization.");
    return json(await sendTestAlert({ ctx, input: { id: params.id } }));
  },
  { role: "admin" },
);
