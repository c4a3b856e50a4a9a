import { db } from "@/db";
import { prepareDatabase } from "@/db/migrate";
import { env } from "@/lib/env";
import { resealSecrets } from "@/lib/vault/vault";
import { UsageError, type CliCommand } from "./types";

export const vault: CliCommand = {
  usage: `vault rotate                    re-seal every secret under the first key of BEACON_VAULT_KEYS
                                  (put the new key first, keep the old one listed until this has run)`,
  async run([sub]) {
    if (sub !== "rotate") throw new UsageError(`unknown vault subcommand "${sub ?? ""}"`);
    await prepareDatabase();
    const moved = await resealSecrets(db);
    console.log(`re-sealed ${moved} secret(s) under vault key "${env.vaultKeys[0]!.id}"; keys no longer used can be removed from BEACON_VAULT_KEYS`);
  },
};
