import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { db } from "@/db";
import { prepareDatabase } from "@/db/migrate";
import { env, MIN_EVENT_RETENTION_DAYS } from "@/lib/env";
import { maintenanceJobs } from "@/lib/server/maintenance-jobs";
import { archiveEvents, planArchive } from "@/lib/webhooks/archive/archive-events";
import { withAdvisoryLock } from "@/lib/server/with-advisory-lock";
import type { OrgContext } from "@/lib/auth/context";
import { parseInput } from "@/lib/api/parse";
import { replayFilterInput } from "@/lib/validations/replay";
import { drainEvents } from "@/lib/webhooks/worker/run-worker";
import { getReplay } from "@/lib/webhooks/replay/get-replay";
import { planReplay, type ReplayPlan } from "@/lib/webhooks/replay/plan-replay";
import { runReplay } from "@/lib/webhooks/replay/run-replay";
import { organizationBySlug } from "./organization-by-slug";
import { UsageError, type CliCommand } from "./types";

function printPlan(plan: ReplayPlan) {
  console.log(`plan: ${plan.total} events (${plan.mode} mode, ${JSON.stringify(plan.filter)})${plan.total > plan.willQueue ? `; this run queues the oldest ${plan.willQueue}` : ""}`);
  for (const row of plan.types) {
    const now = row.action.outcome === "handled" ? `runs ${row.action.handlers.join(", ")}` : `still ignored: ${row.action.reason}`;
    console.log(`  ${String(row.count).padStart(7)}  ${row.provider} ${row.type} → ${now}`);
  }
}

async function confirm(question: string) {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/**
 * `events replay`: the plan first, always; then, confirmed (`--yes`, or `y` at a terminal), the
 * replay: the events go back in the queue and this process drains them with its own worker
 * (other running workers help), printing progress and then the result.
 */
async function replay(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      org: { type: "string" },
      mode: { type: "string", default: "test" },
      status: { type: "string" },
      provider: { type: "string" },
      type: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      object: { type: "string" },
      yes: { type: "boolean", default: false },
      "plan-only": { type: "boolean", default: false },
      concurrency: { type: "string", default: "4" },
    },
  });
  if (!values.org) throw new UsageError("--org <slug> is required");
  if (!values.status) throw new UsageError("--status is dead, failed or ignored");
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError("--concurrency is 1 to 64");
  const input = parseInput(
    replayFilterInput,
    { mode: values.mode, status: values.status, provider: values.provider, type: values.type, from: values.from, to: values.to, objectId: values.object },
    "options",
  );
  await prepareDatabase();
  const organization = await organizationBySlug(values.org);
  const ctx: OrgContext = { organization, role: "owner", principal: { type: "system", name: "ops CLI (events replay)" } };
  const plan = await planReplay({ ctx, input });
  printPlan(plan);
  if (plan.total === 0 || values["plan-only"]) return;
  if (!values.yes && !(await confirm(`Replay ${plan.willQueue} events? [y/N] `))) return console.log("not replayed (pass --yes to run without asking)");
  const started = Date.now();
  const { replayId, queued } = await runReplay({ ctx, input });
  console.log(`replay ${replayId}: ${queued} events back in the queue`);
  const timer = setInterval(() => {
    void getReplay({ ctx, input: { replayId } }).then((p) => console.log(`  ${p.settled}/${p.queued} settled`));
  }, 2_000);
  try {
    await drainEvents({ db, concurrency, name: `replay-cli-${replayId.slice(0, 8)}`, organizationId: organization.id });
  } finally {
    clearInterval(timer);
  }
  const result = await getReplay({ ctx, input: { replayId } });
  const seconds = (Date.now() - started) / 1000;
  console.log(`result: ${Object.entries(result.byStatus).filter(([, n]) => n > 0).map(([s, n]) => `${s} ${n}`).join(", ") || "nothing"}; decisions ${JSON.stringify(result.byDecision)}; ${seconds.toFixed(1)} s`);
  for (const f of result.failing) console.log(`  still failing: ${f.id} ${f.type} (${f.status}): ${f.lastError}`);
}

/**
 * `events archive`: the `event-archive` job now, under its lock, until no eligible event is left;
 * `--dry-run` prints what it would move and what it keeps. `--days` overrides the retention.
 */
async function archive(args: string[]) {
  const { values } = parseArgs({ args, options: { "dry-run": { type: "boolean", default: false }, days: { type: "string" } } });
  const retentionDays = values.days === undefined ? env.eventRetentionDays : Number(values.days);
  if (retentionDays === null) throw new UsageError("BEACON_EVENT_RETENTION_DAYS is off: pass --days <n> to archive anyway");
  if (!Number.isInteger(retentionDays) || retentionDays < MIN_EVENT_RETENTION_DAYS) throw new UsageError(`--days is a whole number, at least ${MIN_EVENT_RETENTION_DAYS}`);
  await prepareDatabase();
  const plan = await planArchive(db, { retentionDays });
  const kept = Object.entries(plan.kept).map(([status, n]) => `${status} ${n}`).join(", ") || "none";
  console.log(`retention ${retentionDays} days (received before ${plan.cutoff}): ${plan.archivable} events to archive; older events kept in the inbox: ${kept}`);
  if (values["dry-run"] || plan.archivable === 0) return;
  let total = 0;
  for (;;) {
    const outcome = await withAdvisoryLock(db, maintenanceJobs["event-archive"].lockKey, () => archiveEvents(db, { retentionDays }));
    if (!outcome.ran) return console.log("skipped: another process is archiving events right now");
    total += outcome.result.archived;
    console.log(`  archived ${total}`);
    if (!outcome.result.more) break;
  }
  console.log(`archived ${total} events`);
}

export const events: CliCommand = {
  usage: `events replay --org <slug> --status dead|failed|ignored [--mode test|live] [--provider stripe|conekta] [--type <prefix>]
                [--from <date>] [--to <date>] [--object <id>] [--plan-only] [--yes] [--concurrency 4]
                                  show what a bulk replay would do, then (confirmed) queue it, drain it and report
  events archive [--dry-run] [--days <n>]
                                  move settled events older than BEACON_EVENT_RETENTION_DAYS (or n) to the archive now
                                  (the server also does this every 15 minutes); --dry-run only counts`,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === "replay") return replay(rest);
    if (sub === "archive") return archive(rest);
    throw new UsageError(`unknown events command "${sub ?? ""}"`);
  },
};
