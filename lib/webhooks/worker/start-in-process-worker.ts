import "server-only";
import { db } from "@/db";
import { env } from "@/lib/env";
import { startWorker } from "./run-worker";

const g = globalThis as { __beaconWorker?: ReturnType<typeof startWorker> };

/**
 * The Next server's own worker (on by default; BEACON_WORKER=false when dedicated
 * `beacon worker` processes run). Started once per process even if start-up runs twice.
 */
export function startInProcessWorker() {
  g.__beaconWorker ??= startWorker({ db, concurrency: env.BEACON_WORKER_CONCURRENCY });
  return g.__beaconWorker;
}
