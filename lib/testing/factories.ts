import { randomBytes } from "node:crypto";
import type { MemberRole } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import { acceptInvitation } from "@/lib/invitations/accept-invitation";
import { createInvitation } from "@/lib/invitations/create-invitation";
import { getOrgContext } from "@/lib/organizations/get-org-context";
import { signUp } from "@/lib/organizations/sign-up";
import type { SignUpInput } from "@/lib/validations/auth";

/** Signs a new (unique) email up; a test that meets an existing one has a bug. */
async function signUpNew(input: SignUpInput) {
  const created = await signUp({ input });
  if (!created) throw new Error(`${input.email} is already registered`);
  return created;
}

export const uniqueEmail = (label = "user") => `${label}-${randomBytes(5).toString("hex")}@example.test`;

/** A new user who owns a new organization; returns the owner's context. */
export async function createOwner(label = "owner") {
  const { user, organization } = await signUpNew({
    name: label,
    email: uniqueEmail(label),
    password: "correct horse battery",
    organizationName: `${label} Org`,
  });
  return getOrgContext(user, organization.slug);
}

/** The token of an invitation link (`…/invitations/<token>`). */
export const tokenOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

/** A second user with the given role in the owner's organization, joined through an invitation link; returns their context. */
export async function createMember(owner: OrgContext, role: MemberRole): Promise<OrgContext> {
  const { user } = await signUpNew({
    name: role,
    email: uniqueEmail(role),
    password: "correct horse battery",
    organizationName: `${role} own org`,
  });
  const invitation = await createInvitation({ ctx: owner, input: { email: user.email, role } });
  await acceptInvitation({ ctx: { user }, input: { token: tokenOf(invitation.url) } });
  return getOrgContext(user, owner.organization.slug);
}
