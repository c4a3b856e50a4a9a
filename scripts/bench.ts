// `npm run bench -- ingest [--events N]`: webhook ingestion throughput and latency of Beacon's
// Next route (a), the lean `beacon ingest` server (b) and a bare baseline receiver (c), all in
// one run against one fresh database, then processing throughput with one and two workers.
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { serveBaseline } from "./bench/baseline-server";
import { runLoad, type LoadResult } from "./bench/load";
import { BENCH_ACCOUNT, BENCH_SECRET, makeDeliveries } from "./bench/payloads";
import { measureProcessing } from "./bench/processing";
import { start, treeRssMiB, waitForHttp, type Child } from "./bench/processes";
import { benchEnvironment, seedBench } from "./bench/setup";

const tsx = ["tsx", "--conditions=react-server", "--tsconfig", "tsconfig.json"];
const fmt = (n: number, digits = 1) => n.toFixed(digits).padStart(8);

interface Target {
  name: string;
  url: string;
  health: string;
  launch: (env: NodeJS.ProcessEnv) => Child;
}

async function exactlyOnce(target: string, run: string, unique: number, sent: number) {
  const { db } = await import("@/db");
  const { sql } = await import("drizzle-orm");
  const prefix = `evt_bench_${run}_%`;
  if (target === "baseline") {
    const [row] = await db.execute<{ n: string }>(sql`select count(*) as n from bench_baseline where event_id like ${prefix}`);
    return Number(row!.n) === unique ? "yes" : `NO (${row!.n}/${unique})`;
  }
  const [row] = await db.execute<{ n: string; d: string }>(sql`select count(*) as n, coalesce(sum(deliveries), 0) as d from webhook_events where provider_event_id like ${prefix}`);
  return Number(row!.n) === unique && Number(row!.d) === sent ? "yes" : `NO (${row!.n} rows/${unique}, ${row!.d} deliveries/${sent})`;
}

async function ingestBench(events: number) {
  const { env, kind, cleanup } = await benchEnvironment();
  const { prepareDatabase, closeDatabase } = await import("@/db/migrate");
  await prepareDatabase();
  const { db } = await import("@/db");
  const { sql } = await import("drizzle-orm");
  await db.execute(sql`create table if not exists bench_baseline (event_id text primary key, body text not null, received_at timestamptz not null default now())`);
  await seedBench("bench", BENCH_ACCOUNT, BENCH_SECRET);
  const processingOrg = await seedBench("bench-processing", "acct_bench_processing", `${BENCH_SECRET}_p`);

  const targets: Target[] = [
    { name: "baseline", url: "http://127.0.0.1:3301/", health: "http://127.0.0.1:3301/", launch: (e) => start("npx", [...tsx, "scripts/bench.ts", "serve-baseline", "--port", "3301"], e, "baseline") },
    { name: "lean", url: "http://127.0.0.1:3302/api/webhooks/stripe", health: "http://127.0.0.1:3302/healthz", launch: (e) => start("npx", [...tsx, "scripts/beacon.ts", "ingest", "--port", "3302", "--host", "127.0.0.1"], e, "lean") },
  ];
  if (existsSync(".next/BUILD_ID")) {
    targets.push({ name: "next", url: "http://127.0.0.1:3303/api/webhooks/stripe", health: "http://127.0.0.1:3303/api/health", launch: (e) => start("node_modules/.bin/next", ["start", "-p", "3303", "-H", "127.0.0.1"], e, "next start") });
  } else {
    console.log("(a) skipped: no production build here (run `npm run build` first to include `next start`)");
  }

  console.log(`database: ${kind}; ${events} unique ~${(makeDeliveries("size", 1).deliveries[0]!.body.length / 1024).toFixed(1)} KB events + 5% duplicates per run\n`);
  const results: { target: string; concurrency: number; load: LoadResult; once: string; rss: number }[] = [];
  for (const target of targets) {
    const child = target.launch(env);
    try {
      await waitForHttp(target.health);
      await runLoad(target.url, makeDeliveries(`warm_${target.name}`, 300).deliveries, 16);
      for (const concurrency of [16, 64]) {
        const run = `${target.name}_${concurrency}_${Date.now().toString(36)}`;
        const { deliveries, unique } = makeDeliveries(run, events);
        const load = await runLoad(target.url, deliveries, concurrency);
        results.push({ target: target.name, concurrency, load, once: await exactlyOnce(target.name, run, unique, deliveries.length), rss: treeRssMiB(child.process.pid!) });
      }
    } finally {
      await child.stop();
    }
  }

  console.log("target     conc  events/s   p50 ms   p95 ms   p99 ms  errors  rss MiB  exactly-once  vs baseline");
  for (const r of results) {
    const base = results.find((b) => b.target === "baseline" && b.concurrency === r.concurrency)!;
    const ratio = r.load.perSecond / base.load.perSecond;
    console.log(
      `${r.target.padEnd(9)} ${String(r.concurrency).padStart(5)} ${fmt(r.load.perSecond, 0)} ${fmt(r.load.p50, 2)} ${fmt(r.load.p95, 2)} ${fmt(r.load.p99, 2)} ${String(r.load.errors).padStart(7)} ${fmt(r.rss, 0)}  ${r.once.padEnd(12)}  ${ratio.toFixed(2)}×`,
    );
  }

  // The ingestion runs' events are load, not work: set aside so the workers see only their batch.
  await db.execute(sql`update webhook_events set status = 'ignored', decision = 'ignored', decision_note = 'benchmark ingestion run' where status = 'pending'`);
  console.log("\nprocessing (beacon worker processes, 4 events at a time each):");
  for (const workers of [1, 2]) {
    const p = await measureProcessing(env, processingOrg, "acct_bench_processing", workers, Math.max(1_000, Math.floor(events / 2)));
    console.log(`  ${workers} worker${workers > 1 ? "s" : " "}: ${p.events} events in ${p.seconds.toFixed(1)} s = ${p.perSecond.toFixed(0)} events/s${p.dead ? `, ${p.dead} dead` : ""}`);
  }
  await closeDatabase();
  await cleanup();
}

async function main() {
  const [mode = "help", ...args] = process.argv.slice(2);
  const { values } = parseArgs({ args, options: { events: { type: "string", default: "3000" }, port: { type: "string", default: "3301" } } });
  if (mode === "ingest") {
    await ingestBench(Number(values.events));
    process.exit(0);
  }
  if (mode === "serve-baseline") return serveBaseline(Number(values.port));
  console.log("Usage: npm run bench -- ingest [--events 3000]");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
