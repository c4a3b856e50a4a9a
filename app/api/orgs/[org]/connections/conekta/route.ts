// POST /api/orgs/{org}/connections/conekta — save a Conekta private key (validated with Conekta first)
import { parseBody } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { connectConekta } from "@/lib/connections/connect-conekta";
import { connectConektaInput } from "@/lib/validations/connections";

export const POST = withSession<{ org: string }>(
  async (req, { ctx }) => json(await connectConekta({ ctx, input: await parseBody(req, connectConektaInput) }), { status: 201 }),
  { role: "admin" },
);
