// POST /api/orgs/{org}/invitations/{id}/resend — a new link for an open invitation (the old one stops working)
import { parseInput } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { enforceInvitationThrottle } from "@/lib/api/throttles";
import { withSession } from "@/lib/api/with-session";
import { actorOf } from "@/lib/auth/context";
import { resendInvitation } from "@/lib/invitations/resend-invitation";
import { uuidParam } from "@/lib/validations/organizations";

export const POST = withSession<{ org: string; id: string }>(
  async (_req, { ctx, params }) => {
    const invitationId = parseInput(uuidParam, params.id, "id");
    // A new link is sent like a new invitation, so it counts against the same limits.
    await enforceInvitationThrottle({ organizationId: ctx.organization.id, userId: actorOf(ctx.principal).actorId ?? "" });
    return json(await resendInvitation({ ctx, input: { invitationId } }));
  },
  { role: "admin" },
);
