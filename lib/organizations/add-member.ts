import "server-only";
import type { OrgContext } from "@/lib/auth/context";
import { createInvitation, type CreateInvitationResponse } from "@/lib/invitations/create-invitation";
import type { AddMemberInput } from "@/lib/validations/organizations";

/**
 * Adding someone by email, whether they have an account or not, invites them: they join by
 * accepting the link while signed in as that email. Nobody is put into an organization without
 * acting from their own session.
 */
export function addMember({ ctx, input }: { ctx: OrgContext; input: AddMemberInput }): Promise<CreateInvitationResponse> {
  return createInvitation({ ctx, input });
}

export type AddMemberResponse = CreateInvitationResponse;
