// PATCH /api/orgs/{org}/members/{userId} — change a role; DELETE — remove the member
import { parseBody, parseInput } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { changeMemberRole } from "@/lib/organizations/change-member-role";
import { removeMember } from "@/lib/organizations/remove-member";
import { changeRoleInput, uuidParam } from "@/lib/validations/organizations";

type Params = { org: string; userId: string };

export const PATCH = withSession<Params>(
  async (req, { ctx, params }) => {
    const userId = parseInput(uuidParam, params.userId, "userId");
    const input = await parseBody(req, changeRoleInput);
    return json(await changeMemberRole({ ctx, input: { ...input, userId } }));
  },
  { role: "admin" },
);

export const DELETE = withSession<Params>(
  async (_req, { ctx, params }) => {
    await removeMember({ ctx, input: { userId: parseInput(uuidParam, params.userId, "userId") } });
    return new Response(null, { status: 204 });
  },
  { role: "admin" },
);
