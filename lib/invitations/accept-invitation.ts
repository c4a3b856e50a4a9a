import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { invitations, memberships, organizations } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { UserContext } from "@/lib/auth/context";
import type { AcceptInvitationInput } from "@/lib/validations/organizations";
import { maskEmail } from "./mask-email";
import { openInvitationWhere } from "./open-invitation";

const notValid = () => new DomainError("not_found", "This invitation link is not valid. Ask for a new one.");

/**
 * Joins the organization through an invitation link. Both must hold: the link (sent to the
 * invited mailbox) and a session whose email is the invited one. Beacon does not verify emails
 * at sign-up, so the email alone proves nothing; and a link forwarded or leaked (chat, logs,
 * a shared screen) must not let whoever holds it in either. Requiring both means neither alone
 * is enough. The link is consumed by one conditional UPDATE … RETURNING, so of two concurrent
 * accepts exactly one succeeds, and an accepted, revoked or expired link never works again.
 */
export async function acceptInvitation({ ctx, input }: { ctx: UserContext; input: AcceptInvitationInput }) {
  const { user } = ctx;
  return db.transaction(async (tx) => {
    const [invitation] = await tx
      .update(invitations)
      .set({ acceptedAt: sql`now()`, acceptedBy: user.id, tokenHash: null })
      .where(and(openInvitationWhere(input.token), sql`lower(${invitations.email}) = lower(${user.email})`))
      .returning();
    if (!invitation) {
      const [open] = await tx.select({ email: invitations.email }).from(invitations).where(openInvitationWhere(input.token));
      if (!open) throw notValid();
      // Whoever holds the link may learn, masked, which address it is for, to sign in with that one.
      throw new DomainError("forbidden", `This invitation is for ${maskEmail(open.email)}. Sign in with that email to accept it.`, {
        details: { reason: "wrong_account" },
      });
    }
    const [organization] = await tx
      .select({ id: organizations.id, slug: organizations.slug, name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, invitation.organizationId));
    if (!organization) throw notValid();
    const [joined] = await tx
      .insert(memberships)
      .values({ organizationId: organization.id, userId: user.id, role: invitation.role })
      .onConflictDoNothing()
      .returning();
    // Someone who is already a member keeps their role; the link is spent either way.
    if (joined) {
      await recordAudit(tx, { organization, role: invitation.role, principal: { type: "user", ...user } }, {
        action: "member.joined",
        targetType: "user",
        targetId: user.id,
        metadata: { role: invitation.role, email: user.email, invitationId: invitation.id },
      });
    }
    return { organization: { slug: organization.slug, name: organization.name }, role: invitation.role, alreadyMember: !joined };
  });
}

export type AcceptInvitationResponse = Awaited<ReturnType<typeof acceptInvitation>>;
