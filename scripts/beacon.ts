// Beacon's ops CLI: `npm run beacon -- <command>`. Run `npm run beacon -- help` for the list.
// Each command lives in scripts/cli/; this file only dispatches and maps errors.
import { closeDatabase } from "@/db/migrate";
import { DomainError } from "@/lib/errors";
import { migrate, seed } from "./cli/database";
import { exportCommand } from "./cli/exports";
import { alerts } from "./cli/alerts";
import { events } from "./cli/events";
import { idempotency } from "./cli/idempotency";
import { ingest } from "./cli/ingest";
import { reconcile } from "./cli/reconcile";
import { revenue } from "./cli/revenue";
import { sandbox } from "./cli/sandbox";
import { tokens } from "./cli/tokens";
import { vault } from "./cli/vault";
import { webhooks } from "./cli/webhooks";
import { worker } from "./cli/worker";
import { CliError, UsageError, type CliCommand } from "./cli/types";

const commands: Record<string, CliCommand> = { migrate, seed, tokens, sandbox, vault, webhooks, events, alerts, idempotency, ingest, worker, reconcile, revenue, export: exportCommand };

const usage = `Usage: npm run beacon -- <command> [options]

Commands:
${Object.values(commands)
  .map((c) => `  ${c.usage}`)
  .join("\n")}
  help                            show this message`;

async function main() {
  const [name = "help", ...args] = process.argv.slice(2);
  if (name === "help" || name === "--help") return console.log(usage);
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"`);
  await command.run(args);
}

main()
  .then(async () => {
    await closeDatabase();
    process.exit(0);
  })
  .catch((error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${usage}`);
    else if (error instanceof CliError) console.error(error.message);
    else if (error instanceof DomainError) console.error(`${error.message}${error.errors ? `\n${error.errors.map((e) => `  ${e.field}: ${e.message}`).join("\n")}` : ""}`);
    else console.error(error);
    process.exit(1);
  });
