// GET /api/orgs/{org}/alert-destinations — where the organization's alerts are sent (admins)
// POST /api/orgs/{org}/alert-destinations — add a webhook URL or email address (admins; audited; a webhook's secret is shown once)
import { createAlertDestination, listAlertDestinations } from "@/lib/alert-delivery/destinations";
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { createAlertDestinationInput } from "@/lib/validations/alert-destinations";

export const GET = withSession<{ org: string }>(async (_req, { ctx }) => json(await listAlertDestinations({ ctx })), { role: "admin" });

export const POST = withSession<{ org: string }>(
  async (req, { ctx }) => json(await createAlertDestination({ ctx, input: await parseBody(req, createAlertDestinationInput) }), { status: 201 }),
  { role: "admin" },
);
