import "server-only";
import { db } from "@/db";
import { invitations } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { createInvitation } from "./create-invitation";
import { unsettledInvitationWhere } from "./open-invitation";

/**
 * Issues a fresh link for an open invitation (also an expired one, or one from before links
 * existed) and sends it again; the previous link stops working at once.
 */
export async function resendInvitation({ ctx, input }: { ctx: OrgContext; input: { invitationId: string } }) {
  requireRole(ctx, "admin");
  const [open] = await db
    .select({ email: invitations.email, role: invitations.role })
    .from(invitations)
    .where(unsettledInvitationWhere(ctx.organization.id, input.invitationId));
  if (!open) throw new DomainError("not_found", "No such open invitation in this organization.");
  return createInvitation({ ctx, input: open });
}
