import "server-only";
import { randomBytes } from "node:crypto";
import type { DbOrTx } from "@/db";
import { isSlugTaken } from "@/db/queries/organizations";
import { memberships, organizations } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { OrgContext } from "@/lib/auth/context";
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

async function freeSlug(tx: DbOrTx, name: string) {
  const base = slugify(name);
  if (!(await isSlugTaken(tx, base))) return base;
  for (;;) {
    const candidate = `${base}-${randomBytes(3).toString("hex")}`;
    if (!(await isSlugTaken(tx, candidate))) return candidate;
  }
}

/** Creates an organization owned by the given user. Runs inside the caller's transaction. */
export async function createOrganization(
  tx: DbOrTx,
  { input, owner }: { input: CreateOrganizationInput; owner: { id: string; email: string } },
) {
  if (input.slug && (await isSlugTaken(tx, input.slug))) {
    throw new ApiError("conflict", `The slug "${input.slug}" is taken.`, { errors: [{ field: "slug", message: "Taken" }] });
  }
  const slug = input.slug ?? (await freeSlug(tx, input.name));
  const [organization] = await tx.insert(organizations).values({ name: input.name, slug }).returning();
  if (!organization) throw new Error("organization insert returned nothing");
  await tx.insert(memberships).values({ organizationId: organization.id, userId: owner.id, role: "owner" });
  const ctx: OrgContext = { organization, role: "owner", principal: { type: "user", ...owner } };
  await recordAudit(tx, ctx, { action: "organization.created", targetType: "organization", targetId: organization.id });
  return organization;
}
