"use client";

import { useQuery } from "@tanstack/react-query";
import type { DashboardMode } from "@/lib/mode";
import type { GetOverviewResponse } from "@/lib/overview/get-overview";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export function useOverview(org: string, mode: DashboardMode) {
  return useQuery({
    queryKey: queryKeys.overview(org, mode),
    queryFn: () => fetchJson<GetOverviewResponse>(`/api/orgs/${encodeURIComponent(org)}/overview?mode=${mode}`),
    // The checklist follows provider events as they land.
    refetchInterval: 15_000,
  });
}
