import { parseArgs } from "node:util";
import { db } from "@/db";
import { prepareDatabase } from "@/db/migrate";
import { serveIngest } from "@/lib/webhooks/ingest/serve-ingest";
import { UsageError, type CliCommand } from "./types";
import { untilSignal } from "./until-signal";

export const ingest: CliCommand = {
  usage: `ingest [--port 3100] [--host 0.0.0.0]
                                  lean webhook ingestion server (same verification and inbox as the app)`,
  async run(args) {
    const { values } = parseArgs({ args, options: { port: { type: "string", default: "3100" }, host: { type: "string", default: "0.0.0.0" } } });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError("--port must be a port number");
    await prepareDatabase();
    const server = await serveIngest(db, { port, host: values.host });
    console.log(`beacon ingest listening on ${server.url}: POST /api/webhooks/stripe, POST /api/webhooks/conekta/<connectionId>, GET /healthz`);
    await untilSignal();
    await server.close();
  },
};
