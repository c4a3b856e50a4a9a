import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { db } from "@/db";
import { invitations, memberships, users } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { enforceInvitationThrottle } from "@/lib/api/throttles";
import { recordAudit } from "@/lib/audit/record-audit";
import { actorOf, requireRole, type OrgContext } from "@/lib/auth/context";
import type { AddMemberInput } from "@/lib/validations/organizations";
import { deliverInvitation } from "./deliver-invitation";
import { generateInvitationToken, invitationExpiry, invitationUrl } from "./invitation-token";

/**
 * Invites an email, whether or not it has an account: nobody joins without accepting the link.
 * Inviting an email that already has an open invitation re-sends it (new role, new link; the
 * old link stops working). Returns the link, the only time it exists outside the invitee's mail.
 */
export async function createInvitation({ ctx, input }: { ctx: OrgContext; input: AddMemberInput }) {
  requireRole(ctx, input.role === "owner" ? "owner" : "admin");
  const organizationId = ctx.organization.id;
  const inviter = ctx.principal.type === "user" ? ctx.principal : null;
  // Every link sent counts, a first invitation or a new link for an open one (resendInvitation).
  await enforceInvitationThrottle({ organizationId, userId: actorOf(ctx.principal).actorId ?? organizationId });
  const { token, tokenHash } = generateInvitationToken();
  const expiresAt = invitationExpiry();

  const invitation = await db.transaction(async (tx) => {
    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, organizationId), eq(users.email, input.email)))
      .limit(1);
    if (member) throw new DomainError("conflict", `${input.email} is already a member.`, { errors: [{ field: "email", message: "Already a member" }] });

    const [open] = await tx
      .select({ id: invitations.id, role: invitations.role })
      .from(invitations)
      .where(and(eq(invitations.organizationId, organizationId), eq(invitations.email, input.email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .for("update");
    // Only an owner may touch an invitation that would make someone an owner.
    if (open?.role === "owner") requireRole(ctx, "owner");
    const values = { role: input.role, tokenHash, expiresAt, sentAt: sql`now()`, invitedBy: inviter?.id ?? null };
    const [row] = open
      ? await tx.update(invitations).set(values).where(eq(invitations.id, open.id)).returning()
      : await tx
          .insert(invitations)
          .values({ organizationId, email: input.email, ...values })
          // A concurrent invite of the same email inserted first: take its row over instead of failing.
          .onConflictDoUpdate({
            target: [invitations.organizationId, invitations.email],
            targetWhere: and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt)),
            set: values,
          })
          .returning();
    if (!row) throw new Error("invitation write returned nothing");
    await recordAudit(tx, ctx, {
      action: open ? "member.invitation_resent" : "member.invited",
      targetType: "invitation",
      targetId: row.id,
      metadata: { email: input.email, role: input.role },
    });
    return row;
  });

  // Mail goes out after the commit: never hold a transaction across a network call.
  const url = invitationUrl(token);
  const delivery = await deliverInvitation({
    to: invitation.email,
    url,
    organizationName: ctx.organization.name,
    inviter: inviter ? inviter.email : null,
    role: invitation.role,
    expiresAt,
  });
  return {
    status: "invited" as const,
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    expiresAt: expiresAt.toISOString(),
    url,
    delivery,
  };
}

export type CreateInvitationResponse = Awaited<ReturnType<typeof createInvitation>>;
