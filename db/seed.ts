import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { organizations, users } from "@/db/schema";
import { env } from "@/lib/env";
import { demo } from "@/lib/auth/demo-account";
import { hashPassword } from "@/lib/auth/password";
import { insertOrganizationWithOwner } from "@/lib/organizations/create-organization";

/** Seeds the demo organization and its owner. Safe to run again: it changes nothing that exists. */
export async function seedDemo() {
  const passwordHash = await hashPassword(env.BEACON_DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, demo.organization.slug));
    if (existing) return { created: false as const };
    const [user] = await tx
      .insert(users)
      .values({ email: demo.email, name: demo.name, passwordHash })
      .onConflictDoUpdate({ target: users.email, set: { passwordHash } })
      .returning();
    if (!user) throw new Error("demo user insert returned nothing");
    await insertOrganizationWithOwner(tx, { input: demo.organization, owner: { id: user.id, email: user.email } });
    return { created: true as const };
  });
}
