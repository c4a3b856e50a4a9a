// DELETE /api/orgs/{org}/invitations/{id} — revoke an open invitation: its link stops working
import { parseInput } from "@/lib/api/parse";
import { withSession } from "@/lib/api/with-session";
import { revokeInvitation } from "@/lib/invitations/revoke-invitation";
import { uuidParam } from "@/lib/validations/organizations";

export const DELETE = withSession<{ org: string; id: string }>(
  async (_req, { ctx, params }) => {
    await revokeInvitation({ ctx, input: { invitationId: parseInput(uuidParam, params.id, "id") } });
    return new Response(null, { status: 204 });
  },
  { role: "admin" },
);
