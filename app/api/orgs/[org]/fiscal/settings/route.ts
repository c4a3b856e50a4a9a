// GET /api/orgs/{org}/fiscal/settings — automatic tax for new checkouts; PATCH — change it (admins)
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { getFiscalSettings } from "@/lib/fiscal/get-fiscal-settings";
import { updateFiscalSettings } from "@/lib/fiscal/update-fiscal-settings";
import { fiscalSettingsInput } from "@/lib/validations/fiscal";

type Params = { org: string };

export const GET = withSession<Params>(async (_req, { ctx }) => json(await getFiscalSettings({ ctx })));

export const PATCH = withSession<Params>(async (req, { ctx }) => json(await updateFiscalSettings({ ctx, input: await parseBody(req, fiscalSettingsInput) })), {
  role: "admin",
});
