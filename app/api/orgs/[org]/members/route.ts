// GET /api/orgs/{org}/members — members and open invitations; POST — invite by email (answers the link once)
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { enforceInvitationThrottle } from "@/lib/api/throttles";
import { withSession } from "@/lib/api/with-session";
import { actorOf } from "@/lib/auth/context";
import { addMember } from "@/lib/organizations/add-member";
import { listMembers } from "@/lib/organizations/list-members";
import { addMemberInput } from "@/lib/validations/organizations";

type Params = { org: string };

export const GET = withSession<Params>(async (_req, { ctx }) => json(await listMembers({ ctx })));

export const POST = withSession<Params>(
  async (req, { ctx }) => {
    const input = await parseBody(req, addMemberInput);
    await enforceInvitationThrottle({ organizationId: ctx.organization.id, userId: actorOf(ctx.principal).actorId ?? "" });
    const result = await addMember({ ctx, input });
    return json(result, { status: 201 });
  },
  { role: "admin" },
);
