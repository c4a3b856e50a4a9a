"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ListEventsQuery, ReconcileInput } from "@/lib/validations/events";
import type { GetEventResponse } from "@/lib/webhooks/events/get-event";
import type { ListEventsResponse } from "@/lib/webhooks/events/list-events";
import type { ReprocessEventResponse } from "@/lib/webhooks/events/reprocess-event";
import type { RunReconcileResponse } from "@/lib/webhooks/reconcile/run-reconcile";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

const base = (org: string) => `/api/orgs/${encodeURIComponent(org)}/events`;

/** Filters as they travel in the URL: dates as ISO strings, absent ones left out. */
export type EventFilters = { [K in keyof ListEventsQuery]?: string };

export function eventsUrl(org: string, filters: EventFilters) {
  const params = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => !!e[1]));
  return `${base(org)}?${params}`;
}

export function useEvents(org: string, filters: EventFilters) {
  return useQuery({
    queryKey: queryKeys.events(org, filters),
    queryFn: () => fetchJson<ListEventsResponse>(eventsUrl(org, filters)),
    // Live: deliveries and processing change the log on their own. Older pages do not move.
    refetchInterval: filters.before || filters.cursor ? false : 5_000,
  });
}

export function useEvent(org: string, id: string) {
  return useQuery({
    queryKey: queryKeys.event(org, id),
    queryFn: () => fetchJson<GetEventResponse>(`${base(org)}/${id}`),
    refetchInterval: (query) => (query.state.data && ["processed", "ignored", "dead"].includes(query.state.data.status) ? 30_000 : 3_000),
  });
}

function useEventsMutation<V, R>(org: string, request: (variables: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.events(org) }),
        client.invalidateQueries({ queryKey: queryKeys.subscriptions(org) }),
        client.invalidateQueries({ queryKey: queryKeys.auditLog(org) }),
      ]),
  });
}

export const useReprocessEvent = (org: string) =>
  useEventsMutation(org, (id: string) => fetchJson<ReprocessEventResponse>(`${base(org)}/${id}/reprocess`, { method: "POST", json: {} }));

export const useReconcile = (org: string) =>
  useEventsMutation(org, (input: ReconcileInput) => fetchJson<RunReconcileResponse>(`${base(org)}/reconcile`, { method: "POST", json: input }));
