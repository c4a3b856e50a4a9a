"use client";

import { useQuery } from "@tanstack/react-query";
import type { MemberRole } from "@/db/schema";
import type { CreateInvitationResponse } from "@/lib/invitations/create-invitation";
import type { ListMembersResponse } from "@/lib/organizations/list-members";
import type { AddMemberInput } from "@/lib/validations/organizations";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";
import { useOrgMutation } from "./use-org-mutation";

const base = (org: string) => `/api/orgs/${encodeURIComponent(org)}`;

export function useMembers(org: string) {
  return useQuery({ queryKey: queryKeys.members(org), queryFn: () => fetchJson<ListMembersResponse>(`${base(org)}/members`) });
}

export const useAddMember = (org: string) =>
  useOrgMutation(org, "members", (input: AddMemberInput) => fetchJson<CreateInvitationResponse>(`${base(org)}/members`, { method: "POST", json: input }));

export const useChangeRole = (org: string) =>
  useOrgMutation(org, "members", ({ userId, role }: { userId: string; role: MemberRole }) =>
    fetchJson(`${base(org)}/members/${userId}`, { method: "PATCH", json: { role } }),
  );

export const useRemoveMember = (org: string) =>
  useOrgMutation(org, "members", (userId: string) => fetchJson(`${base(org)}/members/${userId}`, { method: "DELETE" }));

export const useRevokeInvitation = (org: string) =>
  useOrgMutation(org, "members", (id: string) => fetchJson(`${base(org)}/invitations/${id}`, { method: "DELETE" }));

export const useResendInvitation = (org: string) =>
  useOrgMutation(org, "members", (id: string) =>
    fetchJson<CreateInvitationResponse>(`${base(org)}/invitations/${id}/resend`, { method: "POST", json: {} }),
  );
