// POST /api/sign-up — create a user and their first organization
import { json, respond } from "@/lib/api/respond";
import { parseBody } from "@/lib/api/parse";
import { signUp } from "@/lib/organizations/sign-up";
import { signUpInput } from "@/lib/validations/auth";

export async function POST(req: Request) {
  return respond(req, async () => {
    const input = await parseBody(req, signUpInput);
    const { user, organization } = await signUp({ input });
    return json({ user, organization: { id: organization.id, slug: organization.slug, name: organization.name } }, { status: 201 });
  });
}
