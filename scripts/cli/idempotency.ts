import { prepareDatabase } from "@/db/migrate";
import { env } from "@/lib/env";
import { runMaintenanceJob } from "@/lib/server/maintenance-jobs";
import { UsageError, type CliCommand } from "./types";

export const idempotency: CliCommand = {
  usage: `idempotency purge               delete Idempotency-Key records past BEACON_IDEMPOTENCY_TTL_HOURS
                                  (the server also does this hourly)`,
  async run([sub]) {
    if (sub !== "purge") throw new UsageError(`unknown idempotency subcommand "${sub ?? ""}"`);
    await prepareDatabase();
    const outcome = await runMaintenanceJob("idempotency-purge");
    if (!outcome.ran) return console.log("skipped: another process is purging idempotency keys right now");
    console.log(`purged ${outcome.result.purged} idempotency key(s) older than ${env.BEACON_IDEMPOTENCY_TTL_HOURS} h`);
  },
};
