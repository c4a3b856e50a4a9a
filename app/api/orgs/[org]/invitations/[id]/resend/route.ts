// POST /api/orgs/{org}/invitations/{id}/resend — a new link for an open invitation (the old one stops working)
import { parseInput } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { resendInvitation } from "@/lib/invitations/resend-invitation";
import { uuidParam } from "@/lib/validations/organizations";

export const POST = withSession<{ org: string; id: string }>(
  async (_req, { ctx, params }) => json(await resendInvitation({ ctx, input: { invitationId: parseInput(uuidParam, params.id, "id") } })),
  { role: "admin" },
);
