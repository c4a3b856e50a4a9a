"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "./query-keys";

type OrgResource = "apiTokens" | "members";

/**
 * A mutation on one of an organization's resources. Every such change is audited, so the
 * audit log is refreshed along with the resource itself.
 */
export function useOrgMutation<V, R>(org: string, resource: OrgResource, request: (variables: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys[resource](org) }),
        client.invalidateQueries({ queryKey: queryKeys.auditLog(org) }),
      ]),
  });
}
