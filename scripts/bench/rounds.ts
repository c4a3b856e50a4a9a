import { runLoad, type LoadResult } from "./load";
import { makeDeliveries } from "./payloads";
import { postgresCpuMs, treeCpuMs, treeRssMiB } from "./processes";

export interface RunningTarget {
  name: string;
  url: string;
  pid: number;
  /** "yes", "-" for a target that stores nothing, or what the database holds instead, for one run's events. */
  exactlyOnce(run: string, unique: number, sent: number): Promise<string>;
}

export interface Measurement {
  target: string;
  concurrency: number;
  round: number;
  load: LoadResult;
  cpuMsPerRequest: number;
  /** The database server's CPU per request (local PostgreSQL only). */
  dbCpuMsPerRequest: number | null;
  rssMiB: number;
  once: string;
}

/** The same warm-up for every target: JIT, connection pools, the route's first loads. */
export async function warmUp(targets: RunningTarget[]) {
  for (const target of targets) {
    await runLoad(target.url, makeDeliveries(`warm16_${target.name}`, 1_000).deliveries, 16);
    await runLoad(target.url, makeDeliveries(`warm64_${target.name}`, 500).deliveries, 64);
  }
}

/**
 * Interleaved rounds: every round measures each target at each concurrency back to back, the
 * starting target rotating from round to round. On a shared machine the load from other work
 * drifts over seconds; measured this way each ratio compares runs taken under the same drift,
 * instead of the baseline's minute against Beacon's next one.
 */
export async function measureRounds(targets: RunningTarget[], concurrencies: number[], rounds: number, events: number, localDatabase: boolean) {
  const databaseCpuMs = () => (localDatabase ? postgresCpuMs() : null);
  const measurements: Measurement[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const concurrency of concurrencies) {
      for (let i = 0; i < targets.length; i += 1) {
        const target = targets[(i + round) % targets.length]!;
        const run = `${target.name}_${concurrency}_${round}_${Date.now().toString(36)}`;
        const { deliveries, unique } = makeDeliveries(run, events);
        const cpuBefore = treeCpuMs(target.pid);
        const dbBefore = databaseCpuMs();
        const load = await runLoad(target.url, deliveries, concurrency);
        const cpuMsPerRequest = (treeCpuMs(target.pid) - cpuBefore) / deliveries.length;
        const dbAfter = databaseCpuMs();
        const dbCpuMsPerRequest = dbBefore === null || dbAfter === null ? null : (dbAfter - dbBefore) / deliveries.length;
        const once = await target.exactlyOnce(run, unique, deliveries.length);
        measurements.push({ target: target.name, concurrency, round, load, cpuMsPerRequest, dbCpuMsPerRequest, rssMiB: treeRssMiB(target.pid), once });
      }
    }
  }
  return measurements;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export interface Summary {
  target: string;
  concurrency: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  cpuMsPerRequest: number;
  dbCpuMsPerRequest: number | null;
  rssMiB: number;
  once: string;
  /** Median over rounds of (this target's events/s ÷ the baseline's in the same round). */
  ratio: number;
}

/** Whether a run's exactly-once check passed ("-": the target stores nothing to check). */
export const onceHolds = (once: string) => once === "yes" || once === "-";

/** Medians over the rounds; errors are summed and exactly-once must hold in every run. */
export function summarize(measurements: Measurement[], baseline: string): Summary[] {
  const keys = [...new Set(measurements.map((m) => `${m.target}\u0000${m.concurrency}`))];
  return keys.map((key) => {
    const runs = measurements.filter((m) => `${m.target}\u0000${m.concurrency}` === key);
    const { target, concurrency } = runs[0]!;
    const ratios = runs.map((m) => {
      const base = measurements.find((b) => b.target === baseline && b.concurrency === concurrency && b.round === m.round)!;
      return m.load.perSecond / base.load.perSecond;
    });
    const failed = runs.find((m) => !onceHolds(m.once));
    return {
      target,
      concurrency,
      perSecond: median(runs.map((m) => m.load.perSecond)),
      p50: median(runs.map((m) => m.load.p50)),
      p95: median(runs.map((m) => m.load.p95)),
      p99: median(runs.map((m) => m.load.p99)),
      errors: runs.reduce((sum, m) => sum + m.load.errors, 0),
      cpuMsPerRequest: median(runs.map((m) => m.cpuMsPerRequest)),
      dbCpuMsPerRequest: runs.some((m) => m.dbCpuMsPerRequest === null) ? null : median(runs.map((m) => m.dbCpuMsPerRequest!)),
      rssMiB: Math.max(...runs.map((m) => m.rssMiB)),
      once: (failed ?? runs[0]!).once,
      ratio: median(ratios),
    };
  });
}
