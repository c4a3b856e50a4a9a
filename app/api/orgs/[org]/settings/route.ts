// GET /api/orgs/{org}/settings — the organization's settings (default provider); PATCH — change them (admins)
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { getOrgSettings, updateOrgSettings } from "@/lib/organizations/org-settings";
import { orgSettingsInput } from "@/lib/validations/organizations";

type Params = { org: string };

export const GET = withSession<Params>(async (_req, { ctx }) => json(await getOrgSettings({ ctx })));

export const PATCH = withSession<Params>(async (req, { ctx }) => json(await updateOrgSettings({ ctx, input: await parseBody(req, orgSettingsInput) })), {
  role: "admin",
});
