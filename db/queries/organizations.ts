import "server-only";
import { and, asc, count, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { memberships, organizations, users, type MemberRole } from "@/db/schema";

export async function findMembershipBySlug(db: DbOrTx, userId: string, slug: string) {
  const [row] = await db
    .select({ organization: organizations, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.userId, userId), eq(organizations.slug, slug)))
    .limit(1);
  return row;
}

export function listMembershipsOfUser(db: DbOrTx, userId: string) {
  return db
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
}

export async function findMember(db: DbOrTx, organizationId: string, userId: string) {
  const [row] = await db
    .select({ userId: memberships.userId, role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)))
    .limit(1);
  return row;
}

export async function countMembersWithRole(db: DbOrTx, organizationId: string, role: MemberRole) {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, role)));
  return row?.n ?? 0;
}
