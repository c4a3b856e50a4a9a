import "server-only";
import { db } from "@/db";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import type { SignUpInput } from "@/lib/validations/auth";
import { insertOrganizationWithOwner } from "./create-organization";

/**
 * Creates the user and their first organization, and nothing else: sign-up does not prove the
 * address, so an invitation to this email is only accepted through its link (acceptInvitation).
 * An email that already has an account creates nothing and returns null; the caller answers as
 * it would for a new one, so sign-up does not reveal who is registered. The password is hashed
 * either way, which keeps the two answers equally slow.
 */
export async function signUp({ input }: { input: SignUpInput }) {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!user) return null;
    const organization = await insertOrganizationWithOwner(tx, {
      input: { name: input.organizationName },
      owner: { id: user.id, email: user.email },
    });
    return { user: { id: user.id, email: user.email, name: user.name }, organization };
  });
}
