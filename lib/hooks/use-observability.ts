"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { DashboardMode } from "@/lib/mode";
import type { GetObservabilityResponse } from "@/lib/observability/get-observability";
import type { ChartRange } from "@/lib/validations/observability";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export function useObservability(org: string, mode: DashboardMode, range: ChartRange) {
  return useQuery({
    queryKey: queryKeys.observability(org, mode, range),
    queryFn: () => fetchJson<GetObservabilityResponse>(`/api/orgs/${encodeURIComponent(org)}/observability?mode=${mode}&range=${range}`),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}
