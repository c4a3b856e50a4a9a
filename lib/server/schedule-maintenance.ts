import "server-only";
import { logger } from "@/lib/utils/logger";
import { maintenanceJobs, runMaintenanceJob, type MaintenanceJobName } from "./maintenance-jobs";

// Periodic housekeeping, scheduled in every app process; runMaintenanceJob's advisory lock lets
// one process run a given job at a time while the others skip that tick.

const globalForMaintenance = globalThis as unknown as { beaconMaintenance?: NodeJS.Timeout[] };

export function scheduleMaintenance() {
  globalForMaintenance.beaconMaintenance ??= (Object.keys(maintenanceJobs) as MaintenanceJobName[]).map((name) =>
    setInterval(() => {
      runMaintenanceJob(name)
        .then((outcome) => logger.debug({ job: name, ...outcome }, outcome.ran ? "maintenance job ran" : "maintenance job skipped: running elsewhere"))
        .catch((error: unknown) => logger.warn({ err: error, job: name }, "maintenance job failed"));
    }, maintenanceJobs[name].everyMs).unref(),
  );
}
