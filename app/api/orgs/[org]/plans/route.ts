// GET /api/orgs/{org}/plans — the organization's plans; POST — create one (admins)
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { createPlan } from "@/lib/plans/create-plan";
import { listPlans } from "@/lib/plans/list-plans";
import { createPlanInput } from "@/lib/validations/plans";

type Params = { org: string };

export const GET = withSession<Params>(async (_req, { ctx }) => json(await listPlans({ ctx })));

export const POST = withSession<Params>(
  async (req, { ctx }) => json(await createPlan({ ctx, input: await parseBody(req, createPlanInput) }), { status: 201 }),
  { role: "admin" },
);
