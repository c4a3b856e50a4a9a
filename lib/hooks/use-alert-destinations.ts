"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ListAlertDestinationsResponse, SendTestAlertResponse } from "@/lib/alert-delivery/destinations";
import type { CreateAlertDestinationInput } from "@/lib/validations/alert-destinations";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

const base = (org: string) => `/api/orgs/${encodeURIComponent(org)}/alert-destinations`;
const key = (org: string) => ["orgs", org, "alert-destinations"] as const;

export const useAlertDestinations = (org: string) => useQuery({ queryKey: key(org), queryFn: () => fetchJson<ListAlertDestinationsResponse>(base(org)) });

function useDestinationMutation<V, R>(org: string, request: (variables: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: key(org) }), client.invalidateQueries({ queryKey: queryKeys.auditLog(org) })]),
  });
}

export const useCreateAlertDestination = (org: string) =>
  useDestinationMutation(org, (input: CreateAlertDestinationInput) => fetchJson<{ id: string; secret: string | null }>(base(org), { method: "POST", json: input }));
export const useDeleteAlertDestination = (org: string) => useDestinationMutation(org, (id: string) => fetchJson<void>(`${base(org)}/${id}`, { method: "DELETE" }));
export const useSendTestAlert = (org: string) => useDestinationMutation(org, (id: string) => fetchJson<SendTestAlertResponse>(`${base(org)}/${id}/test`, { method: "POST", json: {} }));
