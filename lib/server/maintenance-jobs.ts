import "server-only";
import { db as defaultDb, type Db } from "@/db";
import { compactDashboardRollups } from "@/db/queries/dashboard-rollups";
import { purgeRateLimitBuckets } from "@/lib/api/rate-limit";
import { dispatchAlerts } from "@/lib/alert-delivery/dispatch-alerts";
import { sweepWebhookSecrets } from "@/lib/connections/sweep-webhook-secrets";
import { rollUpEvents } from "@/db/queries/event-rollups";
import { purgeIdempotencyKeys } from "@/lib/idempotency/purge-idempotency-keys";
import { env } from "@/lib/env";
import { archiveEvents } from "@/lib/webhooks/archive/archive-events";
import { withAdvisoryLock, type LockedRun } from "./with-advisory-lock";

const minute = 60_000;

// Every app process schedules these; each runs under its own advisory lock (the stable
// `lockKey`), so one process runs a job at a time and the others skip that tick. The CLI's
// `beacon idempotency purge` and `beacon webhooks sweep` take the same locks.
export const maintenanceJobs = {
  "idempotency-purge": { lockKey: 1, everyMs: 60 * minute, run: async (db: Db) => ({ purged: await purgeIdempotencyKeys(db) }) },
  // Per-IP and per-email buckets may never be hit again, so nothing else would delete their rows.
  "rate-limit-purge": { lockKey: 2, everyMs: 15 * minute, run: async (db: Db) => ({ purged: await purgeRateLimitBuckets(db) }) },
  // Often enough that a rotated secret stops verifying within minutes of its overlap ending.
  "webhook-secret-sweep": { lockKey: 3, everyMs: 5 * minute, run: (db: Db) => sweepWebhookSecrets(db) },
  // Sends newly firing alerts to the organizations' destinations and retries failed sends.
  "alert-delivery": { lockKey: 4, everyMs: minute, run: (db: Db) => dispatchAlerts(db) },
  // Observability's hourly rollups: each closed hour within ~10 minutes of its end (the chart
  // reads the hours not rolled up yet from the inbox, so a late run costs time, never accuracy).
  "event-rollups": { lockKey: 5, everyMs: 5 * minute, run: (db: Db) => rollUpEvents(db) },
  // Moves settled events past BEACON_EVENT_RETENTION_DAYS to the archive, at most 100,000 a run.
  "event-archive": {
    lockKey: 6,
    everyMs: 15 * minute,
    run: async (db: Db) => (env.eventRetentionDays ? archiveEvents(db, { retentionDays: env.eventRetentionDays }) : { archived: 0, batches: 0, more: false }),
  },
  // Folds the dashboard rollups' delta rows (one per key and writing statement), so the Overview
  // and Fiscal pages sum a few rows per organization.
  "rollup-compaction": { lockKey: 7, everyMs: minute, run: async (db: Db) => ({ removed: await compactDashboardRollups(db) }) },
} as const;

export type MaintenanceJobName = keyof typeof maintenanceJobs;
type JobResult<N extends MaintenanceJobName> = Awaited<ReturnType<(typeof maintenanceJobs)[N]["run"]>>;

/** Runs one job unless another process (or caller) is running it right now. */
export function runMaintenanceJob<N extends MaintenanceJobName>(name: N, db: Db = defaultDb): Promise<LockedRun<JobResult<N>>> {
  const job = maintenanceJobs[name];
  return withAdvisoryLock(db, job.lockKey, () => job.run(db) as Promise<JobResult<N>>);
}
