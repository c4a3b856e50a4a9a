// GET /api/orgs — the signed-in user's organizations; POST — create another one
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withUser } from "@/lib/api/with-session";
import { createOrganization } from "@/lib/organizations/create-organization";
import { listUserOrganizations } from "@/lib/organizations/list-user-organizations";
import { createOrganizationInput } from "@/lib/validations/organizations";

export const GET = withUser(async (_req, { user }) => json({ data: await listUserOrganizations({ ctx: { user } }) }));

export const POST = withUser(async (req, { user }) => {
  const input = await parseBody(req, createOrganizationInput);
  const organization = await createOrganization({ ctx: { user }, input });
  return json({ id: organization.id, slug: organization.slug, name: organization.name }, { status: 201 });
});
