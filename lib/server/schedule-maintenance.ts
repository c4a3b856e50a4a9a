import "server-only";
import { db } from "@/db";
import { purgeRateLimitBuckets } from "@/lib/api/rate-limit";
import { sweepWebhookSecrets } from "@/lib/connections/sweep-webhook-secrets";
import { purgeIdempotencyKeys } from "@/lib/idempotency/purge-idempotency-keys";
import { logger } from "@/lib/utils/logger";

// Periodic housekeeping in every app process. Each job is idempotent, so several processes
// running it at once only repeat work; `beacon idempotency purge` and `beacon webhooks sweep`
// do the same by hand.

const minute = 60_000;

const jobs = [
  { name: "idempotency key purge", everyMs: 60 * minute, run: async () => ({ purged: await purgeIdempotencyKeys(db) }) },
  // Per-IP and per-email buckets may never be hit again, so nothing else would delete their rows.
  { name: "rate limit purge", everyMs: 15 * minute, run: async () => ({ purged: await purgeRateLimitBuckets(db) }) },
  // Often enough that a rotated secret stops verifying within minutes of its overlap ending.
  { name: "webhook secret sweep", everyMs: 5 * minute, run: () => sweepWebhookSecrets(db) },
];

const globalForMaintenance = globalThis as unknown as { beaconMaintenance?: NodeJS.Timeout[] };

export function scheduleMaintenance() {
  globalForMaintenance.beaconMaintenance ??= jobs.map((job) =>
    setInterval(() => {
      job
        .run()
        .then((result) => logger.debug({ job: job.name, result }, "maintenance job ran"))
        .catch((error: unknown) => logger.warn({ err: error, job: job.name }, "maintenance job failed"));
    }, job.everyMs).unref(),
  );
}
