import { eq } from "drizzle-orm";
import { db } from "@/db";
import { organizations, type Organization } from "@/db/schema";
import { UsageError } from "./types";

/** The organization an operator names with `--org <slug>`, or a usage error naming the slug. */
export async function organizationBySlug(slug: string): Promise<Organization> {
  const [organization] = await db.select().from(organizations).where(eq(organizations.slug, slug));
  if (!organization) throw new UsageError(`no organization with slug "${slug}"`);
  return organization;
}
