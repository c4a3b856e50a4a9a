"use client";

import { HydrationBoundary, type DehydratedState } from "@tanstack/react-query";
import { useMemo } from "react";

/**
 * `HydrationBoundary` for a list page's prefetched queries, handed over as one JSON string. As an
 * object, every value of a 50-row page (ids, names, amounts) was serialized one by one into the
 * RSC payload by the server and revived one by one while rendering the HTML; a string is one value
 * each way, parsed by `JSON.parse`. The data is what the page's API route answers as JSON anyway
 * (strings for dates, no `undefined`), so the client's cache holds the same as after a refetch.
 */
export function JsonHydrationBoundary({ state, children }: { state: string; children?: React.ReactNode }) {
  const parsed = useMemo(() => JSON.parse(state) as DehydratedState, [state]);
  return <HydrationBoundary state={parsed}>{children}</HydrationBoundary>;
}
