import { parseArgs } from "node:util";
import { prepareDatabase } from "@/db/migrate";
import { db } from "@/db";
import { endpointApiVersions } from "@/lib/connections/api-version-drift";
import { listAlerts } from "@/lib/observability/alerts/list-alerts";
import { runMaintenanceJob } from "@/lib/server/maintenance-jobs";
import { parseInput } from "@/lib/api/parse";
import { modeQuery } from "@/lib/validations/observability";
import { cliContext } from "./exports";
import { UsageError, type CliCommand } from "./types";

export const alerts: CliCommand = {
  usage: `alerts list --org <slug> [--mode test|live] [--json]
                                  the organization's alerts now (as Observability shows them), and the API
                                  versions its endpoints' events arrive at, with the upgrade path on drift
  alerts deliver                  send newly firing alerts to every organization's destinations now, and retry due ones`,
  async run(args) {
    if (args[0] === "list") return list(args.slice(1));
    if (args[0] !== "deliver" || args.length > 1) throw new UsageError("alerts takes a command: list or deliver");
    await prepareDatabase();
    const run = await runMaintenanceJob("alert-delivery");
    if (!run.ran) return console.log("another process is delivering alerts right now; skipped");
    console.log(`alerts: ${run.result.opened} newly firing, ${run.result.delivered} delivered, ${run.result.failed} failed (will retry)`);
  },
};

async function list(args: string[]) {
  const { values } = parseArgs({ args, options: { org: { type: "string" }, mode: { type: "string" }, json: { type: "boolean", default: false } } });
  const { mode } = parseInput(modeQuery, { mode: values.mode }, "options");
  await prepareDatabase();
  const ctx = await cliContext(values.org);
  const [report, versions] = await Promise.all([listAlerts({ ctx, mode }), endpointApiVersions(db, ctx.organization.id, mode)]);
  if (values.json) return console.log(JSON.stringify({ ...report, apiVersions: Object.fromEntries(versions) }, null, 2));
  console.log(`${report.critical} critical, ${report.warning} warning (${mode} mode, ${report.evaluatedAt})`);
  for (const a of report.alerts) console.log(`${a.severity.padEnd(8)} ${a.rule.padEnd(24)} ${(a.provider ?? "-").padEnd(8)} ${JSON.stringify(a.params)}  ${a.link}`);
  for (const [endpointId, v] of versions) {
    const seen = v.versions.map((s) => `${s.version} ×${s.events}`).join(", ");
    console.log(`endpoint ${endpointId} (${v.provider}): ${seen}; Beacon speaks ${v.expected}${v.drift ? " — DRIFT" : ""}`);
    if (v.drift) {
      console.log(
        `  upgrade: add a second endpoint at ${v.expected} (shared Stripe endpoint: npm run beacon -- webhooks rotate --provider ${v.provider} --mode ${mode}; an organization's own endpoint: npm run beacon -- webhooks rotate ${endpointId}),` +
          ` let both deliver through the overlap, then retire the old one (the secret sweep does it when the overlap ends)`,
      );
    }
  }
}
