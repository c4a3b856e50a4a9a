import "server-only";
import { db } from "@/db";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { findOrgConnection } from "./load-connection";
import { refreshConnection, type RefreshSource } from "./refresh-connection";
import { serializeConnection } from "./serialize";

/**
 * Re-reads an organization's connection from its provider: "Refresh" on the Connections page
 * (admins), or the Stripe onboarding return (anyone of the organization who lands there: reaching
 * the return URL proves nothing, so the account is re-retrieved).
 */
export async function syncConnection({ ctx, input }: { ctx: OrgContext; input: { connectionId: string; kind: Extract<RefreshSource["kind"], "manual" | "return"> } }) {
  if (input.kind === "manual") requireRole(ctx, "admin");
  const connection = await findOrgConnection(db, ctx.organization.id, input.connectionId);
  const ref = ctx.principal.type === "user" ? ctx.principal.email : undefined;
  return serializeConnection(await refreshConnection(db, connection.id, { kind: input.kind, ref }, ctx));
}
