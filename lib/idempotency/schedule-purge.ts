import "server-only";
import { db } from "@/db";
import { logger } from "@/lib/utils/logger";
import { purgeIdempotencyKeys } from "./purge-idempotency-keys";

const hourMs = 3600_000;
const globalForPurge = globalThis as unknown as { beaconIdempotencyPurge?: NodeJS.Timeout };

/** Purges expired Idempotency-Key records hourly in this process (each app process may; deletes are idempotent). */
export function scheduleIdempotencyPurge() {
  globalForPurge.beaconIdempotencyPurge ??= setInterval(() => {
    purgeIdempotencyKeys(db)
      .then((purged) => purged > 0 && logger.info({ purged }, "purged expired idempotency keys"))
      .catch((error: unknown) => logger.warn({ err: error }, "idempotency key purge failed"));
  }, hourMs).unref();
}
