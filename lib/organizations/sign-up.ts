import "server-only";
import { db } from "@/db";
import { users } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { hashPassword } from "@/lib/auth/password";
import type { SignUpInput } from "@/lib/validations/auth";
import { createOrganization } from "./create-organization";

/**
 * Creates the user and their first organization, and nothing else. Sign-up does not prove the
 * address, so an invitation to this email is only accepted through its link (acceptInvitation).
 */
export async function signUp({ input }: { input: SignUpInput }) {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!user) {
      throw new ApiError("conflict", "An account with this email already exists. Sign in instead.", {
        errors: [{ field: "email", message: "Already registered" }],
      });
    }
    const organization = await createOrganization(tx, {
      input: { name: input.organizationName },
      owner: { id: user.id, email: user.email },
    });
    return { user: { id: user.id, email: user.email, name: user.name }, organization };
  });
}
