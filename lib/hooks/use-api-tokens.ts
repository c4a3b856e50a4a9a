"use client";

import { useQuery } from "@tanstack/react-query";
import type { CreateApiTokenResponse } from "@/lib/api-tokens/create-api-token";
import type { ListApiTokensResponse } from "@/lib/api-tokens/list-api-tokens";
import type { SerializedToken } from "@/lib/api-tokens/serialize-token";
import type { CreateApiTokenInput } from "@/lib/validations/api-tokens";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";
import { useOrgMutation } from "./use-org-mutation";

const base = (org: string) => `/api/orgs/${encodeURIComponent(org)}/tokens`;

export function useApiTokens(org: string) {
  return useQuery({ queryKey: queryKeys.apiTokens(org), queryFn: () => fetchJson<ListApiTokensResponse>(base(org)) });
}

export const useCreateApiToken = (org: string) =>
  useOrgMutation(org, "apiTokens", (input: CreateApiTokenInput) => fetchJson<CreateApiTokenResponse>(base(org), { method: "POST", json: input }));

export const useRevokeApiToken = (org: string) =>
  useOrgMutation(org, "apiTokens", (id: string) => fetchJson<SerializedToken>(`${base(org)}/${id}`, { method: "DELETE" }));
