import "server-only";
import { asc, eq } from "drizzle-orm";
import { db } from "@/db";
import { invitations, memberships, users } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";

export async function listMembers({ ctx }: { ctx: OrgContext }) {
  const organizationId = ctx.organization.id;
  const [members, pending] = await Promise.all([
    db
      .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, since: memberships.createdAt })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.organizationId, organizationId))
      .orderBy(asc(users.email)),
    db
      .select({ id: invitations.id, email: invitations.email, role: invitations.role, createdAt: invitations.createdAt })
      .from(invitations)
      .where(eq(invitations.organizationId, organizationId))
      .orderBy(asc(invitations.email)),
  ]);
  return {
    members: members.map((m) => ({ ...m, since: m.since.toISOString() })),
    invitations: pending.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() })),
  };
}

export type ListMembersResponse = Awaited<ReturnType<typeof listMembers>>;
