"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import type { ListAuditLogResponse } from "@/lib/audit/list-audit-log";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export function useAuditLog(org: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.auditLog(org),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) =>
      fetchJson<ListAuditLogResponse>(`/api/orgs/${encodeURIComponent(org)}/audit-log${pageParam ? `?before=${pageParam}` : ""}`),
    getNextPageParam: (last) => last.nextCursor,
  });
}
