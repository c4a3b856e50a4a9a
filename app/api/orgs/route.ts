// GET /api/orgs — the signed-in user's organizations; POST — create another one
import { db } from "@/db";
import { listMembershipsOfUser } from "@/db/queries/organizations";
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withUser } from "@/lib/api/with-session";
import { createOrganization } from "@/lib/organizations/create-organization";
import { createOrganizationInput } from "@/lib/validations/organizations";

export const GET = withUser(async (_req, { user }) => json({ data: await listMembershipsOfUser(db, user.id) }));

export const POST = withUser(async (req, { user }) => {
  const input = await parseBody(req, createOrganizationInput);
  const organization = await db.transaction((tx) => createOrganization(tx, { input, owner: user }));
  return json({ id: organization.id, slug: organization.slug, name: organization.name }, { status: 201 });
});
