import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { countMembersWithRole, findMember } from "@/db/queries/organizations";
import { invitations, memberships } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";

export async function removeMember({ ctx, input }: { ctx: OrgContext; input: { userId: string } }) {
  const organizationId = ctx.organization.id;
  return db.transaction(async (tx) => {
    const member = await findMember(tx, organizationId, input.userId);
    if (!member) throw new ApiError("not_found", "No such member in this organization.");
    requireRole(ctx, member.role === "owner" ? "owner" : "admin");
    if (member.role === "owner" && (await countMembersWithRole(tx, organizationId, "owner")) <= 1) {
      throw new ApiError("conflict", "The last owner cannot be removed.");
    }
    await tx.delete(memberships).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, member.userId)));
    await recordAudit(tx, ctx, { action: "member.removed", targetType: "user", targetId: member.userId, metadata: { email: member.email, role: member.role } });
  });
}

export async function cancelInvitation({ ctx, input }: { ctx: OrgContext; input: { invitationId: string } }) {
  requireRole(ctx, "admin");
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(invitations)
      .where(and(eq(invitations.organizationId, ctx.organization.id), eq(invitations.id, input.invitationId)))
      .returning();
    if (!removed) throw new ApiError("not_found", "No such invitation in this organization.");
    await recordAudit(tx, ctx, { action: "member.invitation_canceled", targetType: "invitation", targetId: removed.id, metadata: { email: removed.email } });
  });
}
