import "server-only";
import { Counter, Histogram } from "prom-client";
import type { Provider } from "@/db/schema";
import { processRegistry } from "./process-registry";

// Provider API latency and errors exist only in the process that made the call, so they are
// counted here, in memory, and each process's /api/metrics shows its own (Prometheus sums
// across instances). Everything derivable from the database is computed at scrape time instead.

export const latencyBounds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

// The process registry is shared across module instances; so are its metrics.
const g = globalThis as { __beaconProviderCalls?: { latency: Histogram<"provider" | "method" | "route">; errors: Counter<"provider" | "method" | "route" | "outcome"> } };
const metrics = (g.__beaconProviderCalls ??= {
  latency: new Histogram({
    name: "beacon_provider_api_request_duration_seconds",
    help: "Latency of calls to the provider APIs (Stripe, Conekta) made by this process.",
    labelNames: ["provider", "method", "route"],
    buckets: [...latencyBounds],
    registers: [processRegistry],
  }),
  errors: new Counter({
    name: "beacon_provider_api_errors_total",
    help: "Provider API calls by this process that failed: an HTTP error status class or no response (network).",
    labelNames: ["provider", "method", "route", "outcome"],
    registers: [processRegistry],
  }),
});

/**
 * Ids in API paths (`/v1/customers/cus_123`, Conekta's 24-hex ids, uuids) become `:id`, so a
 * route is a bounded label value.
 */
// `cus_Ab3…`, `cs_test_a1…` (an id has a digit or a capital, unlike `line_items`), hex, uuid, digits.
const idSegment = /^[a-z]+_(?=[A-Za-z0-9_]*[0-9A-Z])[A-Za-z0-9_]{6,}$|^[0-9a-f]{24}$|^[0-9a-f-]{36}$|^\d+$/;

export function routeOf(path: string): string {
  const bare = path.split("?")[0] ?? "";
  return bare
    .split("/")
    .map((segment) => (idSegment.test(segment) ? ":id" : segment))
    .join("/");
}

export interface ProviderCall {
  provider: Provider;
  method: string;
  path: string;
  /** HTTP status, or null when no response came back (network error, timeout). */
  status: number | null;
  durationMs: number;
}

export function recordProviderCall(call: ProviderCall) {
  const labels = { provider: call.provider, method: call.method.toUpperCase(), route: routeOf(call.path) };
  metrics.latency.observe(labels, call.durationMs / 1000);
  if (call.status === null || call.status >= 400) {
    metrics.errors.inc({ ...labels, outcome: call.status === null ? "network" : `${Math.floor(call.status / 100)}xx` });
  }
}

/** A fetch that records each call's latency and outcome; Conekta's SDK is given it (see clients.ts). */
export function instrumentedFetch(provider: Provider, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : null;
    const url = new URL(request ? request.url : String(input));
    const method = init?.method ?? request?.method ?? "GET";
    const started = performance.now();
    try {
      const response = await base(input, init);
      recordProviderCall({ provider, method, path: url.pathname, status: response.status, durationMs: performance.now() - started });
      return response;
    } catch (error) {
      recordProviderCall({ provider, method, path: url.pathname, status: null, durationMs: performance.now() - started });
      throw error;
    }
  };
}
