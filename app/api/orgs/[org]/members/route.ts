// GET /api/orgs/{org}/members — members and open invitations; POST — invite by email (answers the link once)
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { createInvitation } from "@/lib/invitations/create-invitation";
import { listMembers } from "@/lib/organizations/list-members";
import { addMemberInput } from "@/lib/validations/organizations";

type Params = { org: string };

export const GET = withSession<Params>(async (_req, { ctx }) => json(await listMembers({ ctx })));

// Adding someone by email, with an account or not, invites them: nobody joins but by their link.
export const POST = withSession<Params>(
  async (req, { ctx }) => json(await createInvitation({ ctx, input: await parseBody(req, addMemberInput) }), { status: 201 }),
  { role: "admin" },
);
