"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { OrgSettingsResponse } from "@/lib/organizations/org-settings";
import type { OrgSettingsInput } from "@/lib/validations/organizations";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

const path = (org: string) => `/api/orgs/${encodeURIComponent(org)}/settings`;

export function useOrgSettings(org: string) {
  return useQuery({ queryKey: queryKeys.orgSettings(org), queryFn: () => fetchJson<OrgSettingsResponse>(path(org)) });
}

export function useUpdateOrgSettings(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: OrgSettingsInput) => fetchJson<OrgSettingsResponse>(path(org), { method: "PATCH", json: input }),
    onSuccess: (settings) => {
      client.setQueryData(queryKeys.orgSettings(org), settings);
      return client.invalidateQueries({ queryKey: queryKeys.auditLog(org) });
    },
  });
}
