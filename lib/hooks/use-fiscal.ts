"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { GetFiscalSignalsResponse } from "@/lib/fiscal/get-fiscal-signals";
import type { FiscalSettingsResponse } from "@/lib/fiscal/get-fiscal-settings";
import type { DashboardMode } from "@/lib/mode";
import type { FiscalSettingsInput } from "@/lib/validations/fiscal";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

const base = (org: string) => `/api/orgs/${encodeURIComponent(org)}/fiscal`;

export function useFiscal(org: string, mode: DashboardMode) {
  return useQuery({ queryKey: queryKeys.fiscal(org, mode), queryFn: () => fetchJson<GetFiscalSignalsResponse>(`${base(org)}?mode=${mode}`) });
}

export function useFiscalSettings(org: string) {
  return useQuery({ queryKey: queryKeys.fiscalSettings(org), queryFn: () => fetchJson<FiscalSettingsResponse>(`${base(org)}/settings`) });
}

export function useUpdateFiscalSettings(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: FiscalSettingsInput) => fetchJson<FiscalSettingsResponse>(`${base(org)}/settings`, { method: "PATCH", json: input }),
    onSuccess: (settings) => {
      client.setQueryData(queryKeys.fiscalSettings(org), settings);
      return client.invalidateQueries({ queryKey: queryKeys.auditLog(org) });
    },
  });
}
