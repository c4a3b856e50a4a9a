// DELETE /api/orgs/{org}/invitations/{id} — cancel a pending invitation
import { parseInput } from "@/lib/api/parse";
import { withSession } from "@/lib/api/with-session";
import { cancelInvitation } from "@/lib/organizations/remove-member";
import { uuidParam } from "@/lib/validations/organizations";

export const DELETE = withSession<{ org: string; id: string }>(
  async (_req, { ctx, params }) => {
    await cancelInvitation({ ctx, input: { invitationId: parseInput(uuidParam, params.id, "id") } });
    return new Response(null, { status: 204 });
  },
  { role: "admin" },
);
