// DELETE /api/orgs/{org}/alert-destinations/{id} — stop sending alerts there (admins; audited)
import { deleteAlertDestination } from "@/lib/alert-delivery/destinations";
import { withSession } from "@/lib/api/with-session";
import { DomainError } from "@/lib/errors";
import { uuidParam } from "@/lib/validations/events";

export const DELETE = withSession<{ org: string; id: string }>(
  async (_req, { ctx, params }) => {
    if (!uuidParam.safeParse(params.id).success) throw new DomainError("not_found", "No such alert destination in this organization.");
    await deleteAlertDestination({ ctx, input: { id: params.id } });
    return new Response(null, { status: 204 });
  },
  { role: "admin" },
);
