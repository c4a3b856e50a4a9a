"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ChangeSubscriptionResponse } from "@/lib/subscriptions/change-subscription";
import type { GetSubscriptionResponse } from "@/lib/subscriptions/get-subscription";
import type { ListSubscriptionsResponse } from "@/lib/subscriptions/list-subscriptions";
import type { ListSubscriptionsQuery, SubscriptionActionInput } from "@/lib/validations/subscriptions";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

const base = (org: string) => `/api/orgs/${encodeURIComponent(org)}/subscriptions`;

export type SubscriptionFilters = { [K in keyof ListSubscriptionsQuery]?: string };

export function useSubscriptions(org: string, filters: SubscriptionFilters) {
  const params = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => !!e[1]));
  return useQuery({
    queryKey: queryKeys.subscriptions(org, filters),
    queryFn: () => fetchJson<ListSubscriptionsResponse>(`${base(org)}?${params}`),
    // The first page follows changes; a later one stays put (its rows would drift under the reader).
    refetchInterval: filters.cursor ? false : 10_000,
  });
}

export function useSubscription(org: string, id: string) {
  return useQuery({
    queryKey: queryKeys.subscription(org, id),
    queryFn: () => fetchJson<GetSubscriptionResponse>(`${base(org)}/${id}`),
    refetchInterval: 10_000,
  });
}

/** A subscription action; afterwards the subscription, the lists and the audit log are read again. */
export function useSubscriptionAction(org: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SubscriptionActionInput) => fetchJson<ChangeSubscriptionResponse>(`${base(org)}/${id}/actions`, { method: "POST", json: input }),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.subscriptions(org) }),
        client.invalidateQueries({ queryKey: queryKeys.auditLog(org) }),
      ]),
  });
}
