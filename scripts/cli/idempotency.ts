import { db } from "@/db";
import { prepareDatabase } from "@/db/migrate";
import { env } from "@/lib/env";
import { purgeIdempotencyKeys } from "@/lib/idempotency/purge-idempotency-keys";
import { UsageError, type CliCommand } from "./types";

export const idempotency: CliCommand = {
  usage: `idempotency purge               delete Idempotency-Key records past BEACON_IDEMPOTENCY_TTL_HOURS
                                  (the server also does this hourly)`,
  async run([sub]) {
    if (sub !== "purge") throw new UsageError(`unknown idempotency subcommand "${sub ?? ""}"`);
    await prepareDatabase();
    const purged = await purgeIdempotencyKeys(db);
    console.log(`purged ${purged} idempotency key(s) older than ${env.BEACON_IDEMPOTENCY_TTL_HOURS} h`);
  },
};
