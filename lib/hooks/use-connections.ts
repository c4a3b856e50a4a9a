"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Mode } from "@/db/schema";
import type { ListConnectionsResponse } from "@/lib/connections/list-connections";
import type { SerializedConnection } from "@/lib/connections/serialize";
import type { StartStripeOnboardingResponse } from "@/lib/connections/start-stripe-onboarding";
import type { SignatureTestResult } from "@/lib/connections/test-webhook-signature";
import type { SerializedForwarding } from "@/lib/connections/forwarding/serialize-forwarding";
import type { AddForwardingInput } from "@/lib/validations/connections";
import type { ConnectConektaInput } from "@/lib/validations/connections";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

const base = (org: string) => `/api/orgs/${encodeURIComponent(org)}/connections`;

export function useConnections(org: string, mode: Mode) {
  return useQuery({
    queryKey: queryKeys.connections(org, mode),
    queryFn: () => fetchJson<ListConnectionsResponse>(`${base(org)}?mode=${mode}`),
    // Connections change on their own (account.updated, deliveries): keep the page current.
    refetchInterval: 15_000,
  });
}

/** A connections action: afterwards the page and the audit log are read again. */
function useConnectionsMutation<V, R>(org: string, request: (variables: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.connections(org) }),
        client.invalidateQueries({ queryKey: queryKeys.auditLog(org) }),
      ]),
  });
}

const post = <R,>(url: string, json: unknown = {}) => fetchJson<R>(url, { method: "POST", json });

export const useStartStripeOnboarding = (org: string) =>
  useConnectionsMutation(org, (mode: Mode) => post<StartStripeOnboardingResponse>(`${base(org)}/stripe`, { mode }));

export const useConnectConekta = (org: string) =>
  useConnectionsMutation(org, (input: ConnectConektaInput) => post<SerializedConnection>(`${base(org)}/conekta`, input));

export const useRefreshConnection = (org: string) =>
  useConnectionsMutation(org, (connectionId: string) => post<SerializedConnection>(`${base(org)}/${connectionId}/refresh`));

export const useRegisterWebhooks = (org: string) =>
  useConnectionsMutation(org, (connectionId: string) => post(`${base(org)}/${connectionId}/webhooks`));

export const useRotateSecret = (org: string) =>
  useConnectionsMutation(org, (endpointId: string) => post<{ endpointId: string; retiresAt: string }>(`${base(org)}/endpoints/${endpointId}/rotate`));

export const useTestSignature = (org: string) =>
  useConnectionsMutation(org, (endpointId: string) => post<SignatureTestResult>(`${base(org)}/endpoints/${endpointId}/test`));

/** The organization's `stripe listen` forwarding endpoints (test mode only). */
export function useForwardingEndpoints(org: string, mode: Mode) {
  return useQuery({
    queryKey: queryKeys.forwarding(org, mode),
    queryFn: () => fetchJson<SerializedForwarding[]>(`${base(org)}/stripe/forwarding?mode=${mode}`),
    enabled: mode === "test",
  });
}

export const useAddForwarding = (org: string) =>
  useConnectionsMutation(org, (input: AddForwardingInput) => post<SerializedForwarding>(`${base(org)}/stripe/forwarding`, input));

export const useRemoveForwarding = (org: string) =>
  useConnectionsMutation(org, (endpointId: string) => fetchJson<SerializedForwarding>(`${base(org)}/stripe/forwarding/${endpointId}`, { method: "DELETE" }));
