// POST /api/invitations/accept — join an organization with an invitation link's token.
// The token comes in the JSON body, not the path, so it stays out of access logs and proxies.
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withUser } from "@/lib/api/with-session";
import { acceptInvitation } from "@/lib/invitations/accept-invitation";
import { acceptInvitationInput } from "@/lib/validations/organizations";

export const POST = withUser(async (req, { user }) => {
  const input = await parseBody(req, acceptInvitationInput);
  return json(await acceptInvitation({ ctx: { user }, input }));
});
