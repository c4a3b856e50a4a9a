import "server-only";
import type { Provider } from "@/db/schema";
import { histogramSamples, type MetricFamily } from "./exposition";

// Provider API latency and errors exist only in the process that made the call, so they are
// counted here, in memory, and each process's /api/metrics shows its own (Prometheus sums
// across instances). Everything derivable from the database is computed at scrape time instead.

export const latencyBounds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

interface Series {
  labels: { provider: Provider; method: string; route: string };
  buckets: number[];
  sum: number;
  count: number;
}

interface Registry {
  latency: Map<string, Series>;
  /** By provider, route and outcome (HTTP status class or `network`). */
  errors: Map<string, { labels: Record<string, string>; count: number }>;
}

// One registry per process, shared by every module instance the bundler may create.
const g = globalThis as { __beaconProviderCalls?: Registry };
const registry = (g.__beaconProviderCalls ??= { latency: new Map(), errors: new Map() });

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
  const key = `${labels.provider} ${labels.method} ${labels.route}`;
  let series = registry.latency.get(key);
  if (!series) registry.latency.set(key, (series = { labels, buckets: latencyBounds.map(() => 0), sum: 0, count: 0 }));
  const seconds = call.durationMs / 1000;
  latencyBounds.forEach((bound, i) => {
    if (seconds <= bound) series.buckets[i]! += 1;
  });
  series.sum += seconds;
  series.count += 1;
  if (call.status === null || call.status >= 400) {
    const outcome = call.status === null ? "network" : `${Math.floor(call.status / 100)}xx`;
    const errorLabels = { ...labels, outcome };
    const errorKey = `${key} ${outcome}`;
    const entry = registry.errors.get(errorKey) ?? { labels: errorLabels, count: 0 };
    entry.count += 1;
    registry.errors.set(errorKey, entry);
  }
}

export function providerCallFamilies(): MetricFamily[] {
  return [
    {
      name: "beacon_provider_api_request_duration_seconds",
      help: "Latency of calls to the provider APIs (Stripe, Conekta) made by this process.",
      type: "histogram",
      samples: [...registry.latency.values()].flatMap((s) => histogramSamples(s.labels, latencyBounds, s.buckets, s.sum, s.count)),
    },
    {
      name: "beacon_provider_api_errors_total",
      help: "Provider API calls by this process that failed: an HTTP error status class or no response (network).",
      type: "counter",
      samples: [...registry.errors.values()].map((e) => ({ labels: e.labels, value: e.count })),
    },
  ];
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
