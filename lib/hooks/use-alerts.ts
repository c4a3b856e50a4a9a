"use client";

import { useQuery } from "@tanstack/react-query";
import type { DashboardMode } from "@/lib/mode";
import type { ListAlertsResponse } from "@/lib/observability/alerts/list-alerts";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export function useAlerts(org: string, mode: DashboardMode) {
  return useQuery({
    queryKey: queryKeys.alerts(org, mode),
    queryFn: () => fetchJson<ListAlertsResponse>(`/api/orgs/${encodeURIComponent(org)}/alerts?mode=${mode}`),
    refetchInterval: 30_000,
  });
}
