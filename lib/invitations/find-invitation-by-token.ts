import "server-only";
import { and, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db } from "@/db";
import { invitations, memberships, organizations, users } from "@/db/schema";
import type { UserContext } from "@/lib/auth/context";
import { isWellFormedInvitationToken } from "./invitation-token";
import { maskEmail } from "./mask-email";
import { openInvitationWhere } from "./open-invitation";

const inviter = alias(users, "inviter");

/**
 * What the accept page shows for a link: the organization, role, inviter and expiry (to another
 * account than the invited one, the invited address masked and no inviter). An
 * unknown, expired, accepted or revoked link gives null and nothing else, so a link reveals
 * nothing once it is dead. Whether the signed-in user can accept it (their email is the invited
 * one) and whether they already belong to the organization come along.
 */
export async function findInvitationByToken({ ctx, input }: { ctx: UserContext; input: { token: string } }) {
  if (!isWellFormedInvitationToken(input.token)) return null;
  const [row] = await db
    .select({
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      organization: { id: organizations.id, slug: organizations.slug, name: organizations.name },
      inviter: { name: inviter.name, email: inviter.email },
      member: memberships.role,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
    .leftJoin(memberships, and(eq(memberships.organizationId, invitations.organizationId), eq(memberships.userId, ctx.user.id)))
    .where(openInvitationWhere(input.token))
    .limit(1);
  if (!row) return null;
  const forSignedInUser = row.email.toLowerCase() === ctx.user.email.toLowerCase();
  return {
    // Another account holding the link learns which of its owner's addresses to use, masked, and
    // not who invited them: the link may have been forwarded.
    email: forSignedInUser ? row.email : maskEmail(row.email),
    role: row.role,
    expiresAt: row.expiresAt.toISOString(),
    organization: { slug: row.organization.slug, name: row.organization.name },
    inviter: forSignedInUser && row.inviter?.email ? { name: row.inviter.name, email: row.inviter.email } : null,
    forSignedInUser,
    alreadyMember: row.member !== null,
  };
}

export type FoundInvitation = NonNullable<Awaited<ReturnType<typeof findInvitationByToken>>>;
