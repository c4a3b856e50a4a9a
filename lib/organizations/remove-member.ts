import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { countMembersWithRole, findMember } from "@/db/queries/organizations";
import { memberships } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";

export async function removeMember({ ctx, input }: { ctx: OrgContext; input: { userId: string } }) {
  const organizationId = ctx.organization.id;
  return db.transaction(async (tx) => {
    const member = await findMember(tx, organizationId, input.userId);
    if (!member) throw new DomainError("not_found", "No such member in this organization.");
    requireRole(ctx, member.role === "owner" ? "owner" : "admin");
    if (member.role === "owner" && (await countMembersWithRole(tx, organizationId, "owner")) <= 1) {
      throw new DomainError("conflict", "The last owner cannot be removed.");
    }
    await tx.delete(memberships).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, member.userId)));
    await recordAudit(tx, ctx, { action: "member.removed", targetType: "user", targetId: member.userId, metadata: { email: member.email, role: member.role } });
  });
}
