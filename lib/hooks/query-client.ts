import { QueryClient } from "@tanstack/react-query";

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // Server-prefetched data is fresh for a while, so hydration does not refetch at once.
      queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: true },
    },
  });
}
