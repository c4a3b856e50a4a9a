import { dehydrate, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { makeQueryClient } from "@/lib/hooks/query-client";
import { JsonHydrationBoundary } from "./json-hydration-boundary";

const key = ["orgs", "acme", "events", { mode: "test" }];

function Reader() {
  const { data } = useQuery({ queryKey: key, queryFn: () => Promise.reject(new Error("the page must not fetch what the server prefetched")) });
  return createElement("pre", null, JSON.stringify(data));
}

describe("JsonHydrationBoundary", () => {
  it("fills the client's cache from the server's JSON as HydrationBoundary does, so the first render shows the prefetched rows", async () => {
    const server = makeQueryClient();
    const rows = { items: [{ id: "e1", receivedAt: "2026-12-05T16:28:53.000Z", amount: { minor: 49900, currency: "mxn" }, note: null }], nextCursor: null };
    await server.prefetchQuery({ queryKey: key, queryFn: () => rows });
    const client = makeQueryClient();
    const html = renderToString(
      createElement(QueryClientProvider, { client }, createElement(JsonHydrationBoundary, { state: JSON.stringify(dehydrate(server)) }, createElement(Reader))),
    );
    expect(html).toContain(JSON.stringify(rows).replaceAll('"', "&quot;"));
    expect(client.getQueryData(key)).toEqual(rows);
  });
});
