import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { countMembersWithRole, findMember } from "@/db/queries/organizations";
import { memberships } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import type { ChangeRoleInput } from "@/lib/validations/organizations";

export async function changeMemberRole({ ctx, input }: { ctx: OrgContext; input: ChangeRoleInput & { userId: string } }) {
  const organizationId = ctx.organization.id;
  return db.transaction(async (tx) => {
    const member = await findMember(tx, organizationId, input.userId);
    if (!member) throw new DomainError("not_found", "No such member in this organization.");
    // Granting or taking away ownership is for owners only.
    requireRole(ctx, member.role === "owner" || input.role === "owner" ? "owner" : "admin");
    if (member.role === input.role) return { userId: member.userId, email: member.email, role: member.role };
    if (member.role === "owner" && (await countMembersWithRole(tx, organizationId, "owner")) <= 1) {
      throw new DomainError("conflict", "An organization needs at least one owner. Make someone else owner first.");
    }
    await tx
      .update(memberships)
      .set({ role: input.role })
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, member.userId)));
    await recordAudit(tx, ctx, {
      action: "member.role_changed",
      targetType: "user",
      targetId: member.userId,
      metadata: { email: member.email, from: member.role, to: input.role },
    });
    return { userId: member.userId, email: member.email, role: input.role };
  });
}
