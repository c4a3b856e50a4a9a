import "server-only";
import { randomBytes } from "node:crypto";
import { db, type DbOrTx } from "@/db";
import { memberships, organizations } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { OrgContext, UserContext } from "@/lib/auth/context";
import { reservedSlugs, type CreateOrganizationInput } from "@/lib/validations/organizations";

function slugify(name: string) {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 32);
  return base.length >= 2 && !reservedSlugs.has(base) ? base : `org-${base}`.replace(/-+$/, "");
}

/**
 * Inserts the organization under its slug: the asked-for one (409 when taken), else the name's,
 * else the name's with a random suffix. The unique index decides, not a look-up first, so two
 * sign-ups naming their organization alike at the same moment both succeed.
 */
async function insertOrganization(tx: DbOrTx, input: CreateOrganizationInput) {
  const base = input.slug ?? slugify(input.name);
  for (let attempt = 0; ; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${randomBytes(3).toString("hex")}`;
    const [organization] = await tx
      .insert(organizations)
      .values({ name: input.name, slug })
      .onConflictDoNothing({ target: organizations.slug })
      .returning();
    if (organization) return organization;
    if (input.slug) throw new DomainError("conflict", `The slug "${input.slug}" is taken.`, { errors: [{ field: "slug", message: "Taken" }] });
  }
}

/** The signed-in user creates another organization and becomes its owner. */
export function createOrganization({ ctx, input }: { ctx: UserContext; input: CreateOrganizationInput }) {
  return db.transaction((tx) => insertOrganizationWithOwner(tx, { input, owner: ctx.user }));
}

/** Building block: an organization with its first owner, inside the caller's transaction (sign-up, seed). */
export async function insertOrganizationWithOwner(
  tx: DbOrTx,
  { input, owner }: { input: CreateOrganizationInput; owner: { id: string; email: string } },
) {
  const organization = await insertOrganization(tx, input);
  if (!organization) throw new Error("organization insert returned nothing");
  await tx.insert(memberships).values({ organizationId: organization.id, userId: owner.id, role: "owner" });
  const ctx: OrgContext = { organization, role: "owner", principal: { type: "user", ...owner } };
  await recordAudit(tx, ctx, { action: "organization.created", targetType: "organization", targetId: organization.id });
  return organization;
}
