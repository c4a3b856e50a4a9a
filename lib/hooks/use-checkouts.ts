"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ConfirmCheckoutResponse } from "@/lib/checkouts/confirm-checkout";
import type { CreateCheckoutResponse } from "@/lib/checkouts/create-checkout";
import type { GetCheckoutChainResponse } from "@/lib/checkouts/get-checkout-chain";
import type { ListCheckoutsResponse } from "@/lib/checkouts/list-checkouts";
import type { DashboardMode } from "@/lib/mode";
import type { CreateTestCheckoutInput } from "@/lib/validations/checkouts";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

const base = (org: string) => `/api/orgs/${encodeURIComponent(org)}/checkouts`;

/** One mode's checkouts, newest first, a page at a time; refreshed every 15 s so returns and webhooks show up. */
export function useCheckouts(org: string, mode: DashboardMode) {
  return useInfiniteQuery({
    queryKey: queryKeys.checkouts(org, mode),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      fetchJson<ListCheckoutsResponse>(`${base(org)}?mode=${mode}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 15_000,
  });
}

/** One checkout's causal chain; polled while the checkout or one of its webhooks is still moving. */
export function useCheckoutChain(org: string, id: string) {
  return useQuery({
    queryKey: queryKeys.checkoutChain(org, id),
    queryFn: () => fetchJson<GetCheckoutChainResponse>(`${base(org)}/${id}`),
    refetchInterval: (query) => {
      const chain = query.state.data;
      const moving = !chain || chain.checkout.status === "open" || chain.steps.some((s) => s.kind === "webhook" && ["pending", "processing", "failed"].includes(s.status));
      return moving ? 5_000 : 30_000;
    },
  });
}

function useCheckoutMutation<V, R>(org: string, request: (variables: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.checkouts(org) }),
        client.invalidateQueries({ queryKey: queryKeys.plans(org) }),
        client.invalidateQueries({ queryKey: queryKeys.auditLog(org) }),
      ]),
  });
}

export const useCreateTestCheckout = (org: string) =>
  useCheckoutMutation(org, (input: CreateTestCheckoutInput) => fetchJson<CreateCheckoutResponse>(base(org), { method: "POST", json: input }));

export const useConfirmCheckout = (org: string) =>
  useCheckoutMutation(org, (id: string) => fetchJson<ConfirmCheckoutResponse>(`${base(org)}/${id}/confirm`, { method: "POST", json: {} }));
