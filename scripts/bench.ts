// `npm run bench -- ingest [--events N] [--rounds R]`: webhook ingestion throughput and latency
// of Beacon's Next route (a), the lean `beacon ingest` server (b) and a bare baseline receiver
// (c), all running side by side against one fresh database and measured in interleaved rounds,
// then processing throughput with one and two workers beside (b)'s rate, and the statements one
// event costs. Exits 1 when a target is missed.
// `npm run bench -- replay [--events 10000] [--workers 2]`: bulk replay of dead events, rate and no doubled effect (scripts/bench/replay.ts).
// `npm run bench -- sandbox`: the provider sandbox's store as history grows (scripts/bench/sandbox.ts).
// `npm run bench -- dashboard [--events N] [--days D] [--keep] [--reuse] [--no-html] [--port 3380]`: the dashboard's verbs and pages at volume (scripts/bench/dashboard.ts).
// `npm run bench -- triggers --dir <folder>`: how many Stripe CLI fixture files the sandbox runs.
// `npm run bench -- first-run [--port 3390]`: a fresh clone's `npm run dev`, to its first page and first visits (scripts/bench/first-run.ts).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { serveBaseline } from "./bench/baseline-server";
import { BENCH_ACCOUNT, BENCH_SECRET, makeDeliveries } from "./bench/payloads";
import { countStatements, measureProcessing } from "./bench/processing";
import { replayBench } from "./bench/replay";
import { firstRunBench } from "./bench/first-run";
import { sandboxBench } from "./bench/sandbox";
import { dashboardBench } from "./bench/dashboard";
import { buildNextFloor } from "./bench/next-floor";
import { start, waitForHttp, type Child } from "./bench/processes";
import { measureRounds, onceHolds, summarize, warmUp, type RunningTarget, type Summary } from "./bench/rounds";
import { benchEnvironment, seedBench } from "./bench/setup";

const tsx = ["tsx", "--conditions=react-server", "--tsconfig", "tsconfig.json"];
const fmt = (n: number, digits = 1) => n.toFixed(digits).padStart(8);
const CONCURRENCIES = [16, 64];
/** The issue's processing target: 2 workers process events at this fraction of the rate (b) accepts them. */
const PROCESSING_TARGET = 0.5;
/** The issue's targets: events/s as a fraction of the baseline's, at every concurrency. */
const TARGETS: Record<string, { label: string; ratio: number }> = {
  next: { label: "(a) Next route", ratio: 0.3 },
  lean: { label: "(b) lean server", ratio: 0.85 },
};

interface Target {
  name: string;
  /** Where its events land, for the exactly-once check; null for the empty routes, which store nothing. */
  stores: "inbox" | "bench_baseline" | null;
  url: string;
  health: string;
  launch: (env: NodeJS.ProcessEnv) => Child;
}

async function exactlyOnce(stores: Target["stores"], run: string, unique: number, sent: number) {
  if (!stores) return "-";
  const { db } = await import("@/db");
  const { sql } = await import("drizzle-orm");
  const prefix = `evt_bench_${run}_%`;
  if (stores === "bench_baseline") {
    const [row] = await db.execute<{ n: string }>(sql`select count(*) as n from bench_baseline where event_id like ${prefix}`);
    return Number(row!.n) === unique ? "yes" : `NO (${row!.n}/${unique})`;
  }
  const [row] = await db.execute<{ n: string; d: string }>(sql`select count(*) as n, coalesce(sum(deliveries), 0) as d from webhook_events where provider_event_id like ${prefix}`);
  return Number(row!.n) === unique && Number(row!.d) === sent ? "yes" : `NO (${row!.n} rows/${unique}, ${row!.d} deliveries/${sent})`;
}

const machine = () => `${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`;

/** Prints the table and returns the missed targets. */
function report(summaries: Summary[], measured: string[]): string[] {
  console.log("target     conc  events/s   p50 ms   p95 ms   p99 ms  errors  cpu ms/req  db cpu ms/req  rss MiB  exactly-once  vs baseline");
  for (const r of summaries) {
    console.log(
      `${r.target.padEnd(9)} ${String(r.concurrency).padStart(5)} ${fmt(r.perSecond, 0)} ${fmt(r.p50, 2)} ${fmt(r.p95, 2)} ${fmt(r.p99, 2)} ${String(r.errors).padStart(7)} ${fmt(r.cpuMsPerRequest, 2)}       ${r.dbCpuMsPerRequest === null ? "       -" : fmt(r.dbCpuMsPerRequest, 2)}    ${fmt(r.rssMiB, 0)}  ${r.once.padEnd(12)}  ${r.ratio.toFixed(2)}×`,
    );
  }
  const failures: string[] = [];
  for (const r of summaries) {
    if (r.errors > 0) failures.push(`${r.target} @${r.concurrency}: ${r.errors} errors`);
    if (!onceHolds(r.once)) failures.push(`${r.target} @${r.concurrency}: not exactly once (${r.once})`);
    const goal = TARGETS[r.target];
    if (goal && r.ratio < goal.ratio) failures.push(`${goal.label} @${r.concurrency}: ${r.ratio.toFixed(3)}× < ${goal.ratio.toFixed(2)}×`);
  }
  for (const name of Object.keys(TARGETS)) if (!measured.includes(name)) failures.push(`${TARGETS[name]!.label}: not measured`);
  return failures;
}

async function ingestBench(events: number, rounds: number) {
  const { env, kind, localDatabase, cleanup } = await benchEnvironment();
  const { prepareDatabase, closeDatabase } = await import("@/db/migrate");
  await prepareDatabase();
  const { db } = await import("@/db");
  const { sql } = await import("drizzle-orm");
  await db.execute(sql`create table if not exists bench_baseline (event_id text primary key, body text not null, received_at timestamptz not null default now())`);
  await seedBench("bench", BENCH_ACCOUNT, BENCH_SECRET);
  const processingOrg = await seedBench("bench-processing", "acct_bench_processing", `${BENCH_SECRET}_p`);
  const targets: Target[] = [
    { name: "baseline", stores: "bench_baseline", url: "http://127.0.0.1:3301/", health: "http://127.0.0.1:3301/", launch: (e) => start("npx", [...tsx, "scripts/bench.ts", "serve-baseline", "--port", "3301"], e, "baseline") },
    { name: "lean", stores: "inbox", url: "http://127.0.0.1:3302/api/webhooks/stripe", health: "http://127.0.0.1:3302/healthz", launch: (e) => start("npx", [...tsx, "scripts/beacon.ts", "ingest", "--port", "3302", "--host", "127.0.0.1"], e, "lean") },
  ];
  if (existsSync(".next/BUILD_ID")) {
    targets.push({ name: "next", stores: "inbox", url: "http://127.0.0.1:3303/api/webhooks/stripe", health: "http://127.0.0.1:3303/api/health", launch: (e) => start("node_modules/.bin/next", ["start", "-p", "3303", "-H", "127.0.0.1"], e, "next start") });
    const floor = buildNextFloor();
    // Each of the floor app's routes in a process of its own, so no route's work weighs on another's figures.
    const floorRoute = (name: string, port: number, route: string, stores: Target["stores"]): Target => ({
      name,
      stores,
      url: `http://127.0.0.1:${port}/api/${route}`,
      health: `http://127.0.0.1:${port}/api/empty`,
      launch: (e) => start("node_modules/.bin/next", ["start", floor, "-p", String(port), "-H", "127.0.0.1"], e, `next ${name}`),
    });
    targets.push(floorRoute("floor", 3304, "empty", null), floorRoute("hosted", 3305, "baseline", "bench_baseline"), floorRoute("app-floor", 3307, "app-empty", null));
  } else {
    console.log("(a) skipped: no production build here (run `npm run build` first to include `next start`)");
  }
  const size = (makeDeliveries("size", 1).deliveries[0]!.body.length / 1024).toFixed(1);
  console.log(`database: ${kind}; ${events} unique ~${size} KB events + 5% duplicates per run; ${rounds} interleaved rounds; machine: ${machine()}\n`);
  // All servers run side by side (an idle one costs nothing), so every round measures each
  // under the same conditions; the load generator is this process for all of them.
  const children = targets.map((t) => t.launch(env));
  let failures: string[];
  let ingestion = 0;
  try {
    await Promise.all(targets.map((t) => waitForHttp(t.health)));
    const running: RunningTarget[] = targets.map((t, i) => ({
      name: t.name,
      url: t.url,
      pid: children[i]!.process.pid!,
      exactlyOnce: (run, unique, sent) => exactlyOnce(t.stores, run, unique, sent),
    }));
    await warmUp(running);
    const measurements = await measureRounds(running, CONCURRENCIES, rounds, events, localDatabase);
    const summaries = summarize(measurements, "baseline");
    failures = report(summaries, targets.map((t) => t.name));
    ingestion = Math.max(...summaries.filter((s) => s.target === "lean").map((s) => s.perSecond));
    // What Beacon's own work costs inside Next: (a) against the empty route and against the
    // baseline's handler under `next start`; and what the kind of route costs, Pages against App Router.
    const comparisons = [
      ["next", "floor", "(a) against Next's floor"],
      ["next", "hosted", "(a) against the baseline's handler under next start"],
      ["floor", "app-floor", "Next's floor, Pages API route against App Router handler"],
    ] as const;
    for (const [subject, reference, label] of comparisons) {
      const ratios = targets.some((t) => t.name === reference) ? summarize(measurements, reference).filter((s) => s.target === subject) : [];
      if (ratios.length) console.log(`${label}: ${ratios.map((s) => `@${s.concurrency} ${s.ratio.toFixed(2)}×`).join(", ")}`);
    }
    for (const t of targets) {
      const perRound = CONCURRENCIES.map((c) => `@${c}: ${measurements.filter((m) => m.target === t.name && m.concurrency === c).map((m) => m.load.perSecond.toFixed(0)).join(" ")}`);
      console.log(`  ${t.name} events/s per round ${perRound.join("; ")}`);
    }
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
  console.log(`machine after the ingestion runs: ${machine()}`);
  // The ingestion runs' events are load, not work: set aside so the workers see only their batch.
  await db.execute(sql`update webhook_events set status = 'ignored', decision = 'ignored', decision_note = 'benchmark ingestion run' where status = 'pending'`);
  // Processing beside ingestion: events needing no provider call, against the best rate (b) accepted them at.
  const { BEACON_WORKER_CONCURRENCY } = (await import("@/lib/env")).env;
  console.log(`\nprocessing (beacon worker processes, ${BEACON_WORKER_CONCURRENCY} events at a time each; customer.subscription.updated, no provider call):`);
  for (const concurrency of [1, BEACON_WORKER_CONCURRENCY]) {
    const wire = await countStatements(processingOrg, "acct_bench_processing", 200, concurrency);
    console.log(`  per event (${concurrency === 1 ? "one at a time" : `${concurrency} at a time`}, counted at the client): ${wire.perEvent} statements (${wire.byKind}), ${wire.writesPerEvent} socket writes ≈ round trips`);
  }
  for (const workers of [1, 2]) {
    const p = await measureProcessing(env, processingOrg, "acct_bench_processing", workers, Math.max(10_000, Math.floor(events / 2)));
    const ratio = ingestion ? p.perSecond / ingestion : 0;
    console.log(`  ${workers} worker${workers > 1 ? "s" : " "}: ${p.events} events processed in ${p.seconds.toFixed(2)} s (first claim to last settled; ${p.wall.toFixed(1)} s wall) = ${p.perSecond.toFixed(0)} events/s${p.dead ? `, ${p.dead} dead` : ""}; ${ratio.toFixed(2)}× of (b)'s ${ingestion.toFixed(0)} events/s accepted`);
    if (p.dead) failures.push(`processing with ${workers} worker(s): ${p.dead} dead`);
    if (workers === 2 && ratio < PROCESSING_TARGET) failures.push(`processing with 2 workers: ${ratio.toFixed(3)}× of (b)'s ingestion < ${PROCESSING_TARGET}×`);
  }
  await closeDatabase();
  await cleanup();
  console.log(failures.length ? `\nTARGETS MISSED:\n  ${failures.join("\n  ")}` : "\nall targets met");
  return failures.length === 0;
}

async function main() {
  const [mode = "help", ...args] = process.argv.slice(2);
  // Runs inside the sandbox package (the app never imports it): every fixture file of a folder.
  if (mode === "triggers") {
    const child = spawn("npx", ["tsx", "packages/sandbox/src/fixtures/bench.ts", ...args.filter((a) => a !== "--")], { stdio: "inherit" });
    child.on("exit", (code) => process.exit(code ?? 1));
    return;
  }
  const { values } = parseArgs({ args, options: { events: { type: "string" }, workers: { type: "string", default: "2" }, rounds: { type: "string", default: "3" }, port: { type: "string", default: "3301" }, small: { type: "string", default: "100" }, large: { type: "string", default: "1000" }, days: { type: "string", default: "90" }, keep: { type: "boolean", default: false }, reuse: { type: "boolean", default: false }, html: { type: "boolean", default: true } }, allowNegative: true });
  if (mode === "ingest") process.exit((await ingestBench(Number(values.events ?? 3000), Number(values.rounds))) ? 0 : 1);
  if (mode === "replay") process.exit((await replayBench(Number(values.events ?? 10_000), Number(values.workers))) ? 0 : 1);
  if (mode === "dashboard") process.exit((await dashboardBench({ events: Number(values.events ?? 1_000_000), days: Number(values.days), keep: values.keep, reuse: values.reuse, html: values.html, port: Number(values.port === "3301" ? "3380" : values.port) })) ? 0 : 1);
  if (mode === "sandbox") process.exit((await sandboxBench(Number(values.small), Number(values.large))) ? 0 : 1);
  if (mode === "serve-baseline") return serveBaseline(Number(values.port));
  if (mode === "first-run") process.exit((await firstRunBench(Number(values.port === "3301" ? "3390" : values.port))) ? 0 : 1);
  console.log(
    "Usage: npm run bench -- ingest [--events 3000] [--rounds 3]\n       npm run bench -- replay [--events 10000] [--workers 2]\n       npm run bench -- sandbox [--small 100] [--large 1000]\n       npm run bench -- dashboard [--events 1000000] [--days 90] [--keep] [--reuse] [--no-html] [--port 3380]\n       npm run bench -- triggers --dir <folder of Stripe CLI fixture files> [--verbose]\n       npm run bench -- first-run [--port 3390]",
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
