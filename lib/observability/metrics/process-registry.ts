import "server-only";
import { collectDefaultMetrics, Registry } from "prom-client";

// Metrics that exist only in this process (provider API calls, Node's own process and event-loop
// metrics under prom-client's default names), so each process's /api/metrics shows its own and
// Prometheus sums across instances. One registry per process, shared by every module instance
// the bundler may create; default metrics are registered once.
const g = globalThis as { __beaconProcessRegistry?: Registry };

export const processRegistry: Registry = (g.__beaconProcessRegistry ??= (() => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
})());
