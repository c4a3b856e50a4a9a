import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db } from "@/db";
import { invitations, memberships, users } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";

const inviter = alias(users, "inviter");

/** Members, and the open invitations (never their links: only hashes are stored). */
export async function listMembers({ ctx }: { ctx: OrgContext }) {
  const organizationId = ctx.organization.id;
  const [members, open] = await Promise.all([
    db
      .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, since: memberships.createdAt })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.organizationId, organizationId))
      .orderBy(asc(users.email)),
    db
      .select({
        id: invitations.id,
        email: invitations.email,
        role: invitations.role,
        invitedBy: inviter.email,
        hasLink: invitations.tokenHash,
        sentAt: invitations.sentAt,
        expiresAt: invitations.expiresAt,
        createdAt: invitations.createdAt,
      })
      .from(invitations)
      .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
      .where(and(eq(invitations.organizationId, organizationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .orderBy(asc(invitations.email)),
  ]);
  const now = Date.now();
  return {
    members: members.map((m) => ({ ...m, since: m.since.toISOString() })),
    invitations: open.map(({ hasLink, ...i }) => ({
      ...i,
      // Invitations from before links existed have none and must be re-sent.
      status: hasLink === null ? ("needs_new_link" as const) : i.expiresAt.getTime() <= now ? ("expired" as const) : ("pending" as const),
      sentAt: i.sentAt.toISOString(),
      expiresAt: i.expiresAt.toISOString(),
      createdAt: i.createdAt.toISOString(),
    })),
  };
}

export type ListMembersResponse = Awaited<ReturnType<typeof listMembers>>;
