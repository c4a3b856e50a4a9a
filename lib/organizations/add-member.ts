import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { invitations, memberships, users } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import type { AddMemberInput } from "@/lib/validations/organizations";

/** Adds an existing user at once; an email with no account gets an invitation accepted at sign-up. */
export async function addMember({ ctx, input }: { ctx: OrgContext; input: AddMemberInput }) {
  requireRole(ctx, input.role === "owner" ? "owner" : "admin");
  const organizationId = ctx.organization.id;
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
    if (user) {
      const [added] = await tx
        .insert(memberships)
        .values({ organizationId, userId: user.id, role: input.role })
        .onConflictDoNothing()
        .returning();
      if (!added) throw new ApiError("conflict", `${input.email} is already a member.`, { errors: [{ field: "email", message: "Already a member" }] });
      await recordAudit(tx, ctx, { action: "member.added", targetType: "user", targetId: user.id, metadata: { email: input.email, role: input.role } });
      return { status: "added" as const, email: input.email, role: input.role };
    }
    const [invitation] = await tx
      .insert(invitations)
      .values({ organizationId, email: input.email, role: input.role, invitedBy: ctx.principal.type === "user" ? ctx.principal.id : null })
      .onConflictDoUpdate({ target: [invitations.organizationId, invitations.email], set: { role: input.role } })
      .returning();
    await recordAudit(tx, ctx, { action: "member.invited", targetType: "invitation", targetId: invitation?.id, metadata: { email: input.email, role: input.role } });
    return { status: "invited" as const, email: input.email, role: input.role };
  });
}

export type AddMemberResponse = Awaited<ReturnType<typeof addMember>>;
