import { parseArgs } from "node:util";
import { db } from "@/db";
import { prepareDatabase } from "@/db/migrate";
import { env } from "@/lib/env";
import { startWorker } from "@/lib/webhooks/worker/run-worker";
import { organizationBySlug } from "./organization-by-slug";
import { UsageError, type CliCommand } from "./types";
import { untilSignal } from "./until-signal";

export const worker: CliCommand = {
  usage: `worker [--concurrency N] [--org <slug>]
                                  process webhook events (run any number; set BEACON_WORKER=false on the app to use only these)`,
  async run(args) {
    const { values } = parseArgs({ args, options: { concurrency: { type: "string" }, org: { type: "string" } } });
    const concurrency = values.concurrency ? Number(values.concurrency) : env.BEACON_WORKER_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new UsageError("--concurrency is 1 to 256");
    await prepareDatabase();
    const organizationId = values.org ? (await organizationBySlug(values.org)).id : undefined;
    const running = startWorker({ db, concurrency, organizationId });
    console.log(`beacon worker ${running.name} processing${values.org ? ` ${values.org}'s` : ""} events, ${concurrency} at a time`);
    await untilSignal();
    await running.stop();
  },
};
