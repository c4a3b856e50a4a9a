// PATCH /api/orgs/{org}/plans/{id} — rename, re-price, change the trial, archive or restore (admins)
import { parseBody, parseInput } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { updatePlan } from "@/lib/plans/update-plan";
import { uuidParam } from "@/lib/validations/organizations";
import { updatePlanInput } from "@/lib/validations/plans";

export const PATCH = withSession<{ org: string; id: string }>(
  async (req, { ctx, params }) => {
    const planId = parseInput(uuidParam, params.id, "id");
    const input = await parseBody(req, updatePlanInput);
    return json(await updatePlan({ ctx, input: { ...input, planId } }));
  },
  { role: "admin" },
);
