import { parseArgs } from "node:util";
import { prepareDatabase } from "@/db/migrate";
import { parseInput } from "@/lib/api/parse";
import { getRevenue } from "@/lib/revenue/get-revenue";
import { revenueQuery } from "@/lib/validations/revenue";
import { cliContext } from "./exports";
import type { CliCommand } from "./types";

const money = (minor: number) => (minor / 100).toFixed(2);

export const revenue: CliCommand = {
  usage: `revenue --org <slug> [--mode test|live] [--to 2026-11] [--months 12] [--json]
                                  MRR and its movements, failed renewals and their recovery, by month`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { org: { type: "string" }, mode: { type: "string" }, to: { type: "string" }, months: { type: "string" }, json: { type: "boolean", default: false } },
    });
    const input = parseInput(revenueQuery, { mode: values.mode, to: values.to, months: values.months }, "options");
    await prepareDatabase();
    const report = await getRevenue({ ctx: await cliContext(values.org), input });
    if (values.json) return console.log(JSON.stringify(report, null, 2));
    console.log("month    provider currency        MRR   new  expansion  contraction     churn (involuntary)  reactivation");
    for (const m of report.mrr) {
      const v = m.movements;
      console.log(
        [m.month, m.provider.padEnd(8), m.currency.padEnd(8), money(m.mrr).padStart(10), money(v.new.amount).padStart(5), money(v.expansion.amount).padStart(10),
          money(v.contraction.amount).padStart(12), money(v.churn.amount).padStart(9), `(${money(m.involuntaryChurn.amount)})`.padStart(13), money(v.reactivation.amount).padStart(13)].join(" "),
      );
    }
    console.log("\nmonth    provider currency failed recovered churned pending  by attempt (count, median hours)");
    for (const r of report.recovery) {
      const attempts = r.byAttempt.map((a) => `#${a.attempt}: ${a.count}, ${(a.medianSeconds / 3600).toFixed(1)} h`).join("; ");
      console.log([r.month, r.provider.padEnd(8), r.currency.padEnd(8), String(r.failed.count).padStart(6), String(r.recovered.count).padStart(9), String(r.churned.count).padStart(7), String(r.pending.count).padStart(7), ` ${attempts}`].join(" "));
    }
    if (report.unpricedLiveSubscriptions > 0) console.log(`\n${report.unpricedLiveSubscriptions} live subscriptions have no Beacon plan and are left out of MRR`);
  },
};
