import "server-only";
import { db } from "@/db";
import { findMembershipBySlug } from "@/db/queries/organizations";
import { DomainError } from "@/lib/errors";
import type { OrgContext } from "@/lib/auth/context";

/**
 * The organization context of a signed-in user. Not being a member reads as "not found":
 * another tenant's organization must not even be confirmed to exist.
 */
export async function getOrgContext(user: { id: string; email: string }, slug: string): Promise<OrgContext> {
  const row = await findMembershipBySlug(db, user.id, slug);
  if (!row) throw new DomainError("not_found", `No organization "${slug}" among yours.`);
  const { id, name } = row.organization;
  return { organization: { id, slug, name }, role: row.role, principal: { type: "user", ...user } };
}
