"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ReplayProgress } from "@/lib/webhooks/replay/get-replay";
import type { ReplayPlan } from "@/lib/webhooks/replay/plan-replay";
import type { RunReplayResponse } from "@/lib/webhooks/replay/run-replay";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

const base = (org: string) => `/api/orgs/${encodeURIComponent(org)}/events/replay`;

/** A replay filter as the form holds it (empty strings are unset fields). */
export interface ReplayFilterForm {
  mode: string;
  status: string;
  provider?: string;
  type?: string;
  from?: string;
  to?: string;
  objectId?: string;
}

export const usePlanReplay = (org: string) => useMutation({ mutationFn: (filter: ReplayFilterForm) => fetchJson<ReplayPlan>(`${base(org)}/plan`, { method: "POST", json: filter }) });

export function useRunReplay(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (filter: ReplayFilterForm) => fetchJson<RunReplayResponse>(base(org), { method: "POST", json: filter }),
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.events(org) }), client.invalidateQueries({ queryKey: queryKeys.auditLog(org) })]),
  });
}

/** A replay's progress, read again every second until every event settled. */
export function useReplayProgress(org: string, replayId: string | null) {
  const client = useQueryClient();
  return useQuery({
    queryKey: [...queryKeys.events(org), "replay", replayId],
    enabled: replayId !== null,
    queryFn: async () => {
      const progress = await fetchJson<ReplayProgress>(`${base(org)}/${replayId}`);
      if (progress.done) await client.invalidateQueries({ queryKey: [...queryKeys.events(org), "list"] });
      return progress;
    },
    refetchInterval: (query) => (query.state.data?.done ? false : 1_000),
  });
}
