// GET /api/orgs/{org}/audit-log — security-relevant actions, newest first (admins)
import { parseQuery } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { listAuditLog } from "@/lib/audit/list-audit-log";
import { auditQuery } from "@/lib/validations/audit";

export const GET = withSession<{ org: string }>(async (req, { ctx }) => json(await listAuditLog({ ctx, input: parseQuery(req, auditQuery) })), {
  role: "admin",
});
