"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreatePlanResponse } from "@/lib/plans/create-plan";
import type { ListPlansResponse } from "@/lib/plans/list-plans";
import type { SerializedPlan } from "@/lib/plans/serialize-plan";
import type { CreatePlanInput, UpdatePlanInput } from "@/lib/validations/plans";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

const base = (org: string) => `/api/orgs/${encodeURIComponent(org)}/plans`;

export function usePlans(org: string) {
  return useQuery({ queryKey: queryKeys.plans(org), queryFn: () => fetchJson<ListPlansResponse>(base(org)) });
}

/** Plan changes are audited: the audit log refreshes with the plans. */
function usePlanMutation<V, R>(org: string, request: (variables: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () =>
      Promise.all([client.invalidateQueries({ queryKey: queryKeys.plans(org) }), client.invalidateQueries({ queryKey: queryKeys.auditLog(org) })]),
  });
}

export const useCreatePlan = (org: string) =>
  usePlanMutation(org, (input: CreatePlanInput) => fetchJson<CreatePlanResponse>(base(org), { method: "POST", json: input }));

export const useUpdatePlan = (org: string) =>
  usePlanMutation(org, ({ id, ...input }: UpdatePlanInput & { id: string }) =>
    fetchJson<SerializedPlan>(`${base(org)}/${id}`, { method: "PATCH", json: input }),
  );
