import "server-only";
import { eq } from "drizzle-orm";
import { db, type DbOrTx } from "@/db";
import { invitations, memberships, organizations, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { hashPassword } from "@/lib/auth/password";
import type { SignUpInput } from "@/lib/validations/auth";
import { createOrganization } from "./create-organization";

/**
 * Creates the user and their first organization, and accepts any invitations to their email.
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
    const organization = await createOrganization(tx, {
      input: { name: input.organizationName },
      owner: { id: user.id, email: user.email },
    });
    await acceptInvitations(tx, user);
    return { user: { id: user.id, email: user.email, name: user.name }, organization };
  });
}

/** Turns pending invitations for this email into memberships (sign-up and OAuth first sign-in). */
export async function acceptInvitations(tx: DbOrTx, user: { id: string; email: string }) {
  const pending = await tx
    .delete(invitations)
    .where(eq(invitations.email, user.email))
    .returning();
  for (const invitation of pending) {
    await tx
      .insert(memberships)
      .values({ organizationId: invitation.organizationId, userId: user.id, role: invitation.role })
      .onConflictDoNothing();
    const [organization] = await tx.select().from(organizations).where(eq(organizations.id, invitation.organizationId));
    if (!organization) continue;
    await recordAudit(tx, { organization, role: invitation.role, principal: { type: "user", ...user } }, {
      action: "member.joined",
      targetType: "user",
      targetId: user.id,
      metadata: { role: invitation.role, email: user.email },
    });
  }
}
