// POST /api/sign-up — create a user and their first organization; the same 202 whether or not
// the email already had an account, so the answer does not tell who is registered
import { clientIp } from "@/lib/api/client-ip";
import { parseBody } from "@/lib/api/parse";
import { requireSameOriginJson } from "@/lib/api/require-same-origin-json";
import { json, respond } from "@/lib/api/respond";
import { enforceSignUpThrottle } from "@/lib/api/throttles";
import { signUp } from "@/lib/organizations/sign-up";
import { signUpInput } from "@/lib/validations/auth";

export async function POST(req: Request) {
  return respond(req, async () => {
    requireSameOriginJson(req);
    await enforceSignUpThrottle(clientIp(req.headers));
    const input = await parseBody(req, signUpInput);
    await signUp({ input });
    return json({ status: "accepted", next: "sign-in" }, { status: 202 });
  });
}

export type SignUpResponse = { status: "accepted"; next: "sign-in" };
