import { prepareDatabase } from "@/db/migrate";
import { runMaintenanceJob } from "@/lib/server/maintenance-jobs";
import { UsageError, type CliCommand } from "./types";

export const alerts: CliCommand = {
  usage: `alerts deliver                  send newly firing alerts to every organization's destinations now, and retry due ones`,
  async run(args) {
    if (args[0] !== "deliver" || args.length > 1) throw new UsageError("alerts takes one command: deliver");
    await prepareDatabase();
    const run = await runMaintenanceJob("alert-delivery");
    if (!run.ran) return console.log("another process is delivering alerts right now; skipped");
    console.log(`alerts: ${run.result.opened} newly firing, ${run.result.delivered} delivered, ${run.result.failed} failed (will retry)`);
  },
};
