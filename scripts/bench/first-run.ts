// `npm run bench -- first-run`: a fresh copy of the repository, started as a newcomer starts it
// (`npm run dev`, embedded database, sandbox, demo seed), timed to its first page, to a usable
// dashboard (the dev server's warm-up, lib/server/warm-routes.ts, has compiled the quickstart's
// routes), each quickstart page's first visit by a signed-in user right then (while the other
// routes still compile), the end of the warm-up, and the other pages' first visits. Exits 1 when
// a target is missed. The copy's node_modules are copied from this checkout: what is measured
// starts after `npm install`.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { signIn } from "./sign-in";

const TARGETS = { usableSeconds: 60, firstVisitSeconds: 5 };
const NO_ID = "00000000-0000-0000-0000-000000000000";
/** The quickstart's pages, visited once the dashboard is usable; a checkout that does not exist answers 404. */
const QUICKSTART_PAGES = ["/sign-up", "/demo", "/demo/connections", "/demo/plans", "/demo/settings", "/demo/checkouts", `/demo/checkouts/${NO_ID}`, "/demo/events", "/demo/subscriptions"];
/** The other pages, visited once the warm-up is done. */
const OTHER_PAGES = ["/demo/observability", "/demo/fiscal", "/demo/revenue", `/demo/events/${NO_ID}`, `/demo/subscriptions/${NO_ID}`];
const USABLE_LINE = "the dashboard is usable";
const WARMED_LINE = "warmed the dashboard's routes";
const DEMO = { email: "demo@beacon.test", password: "beacon-demo-2026" };

const since = (start: number) => (Date.now() - start) / 1000;

export async function firstRunBench(port: number): Promise<boolean> {
  const root = process.cwd();
  const dir = mkdtempSync(path.join(tmpdir(), "beacon-first-run-"));
  console.log(`first run: a fresh clone of ${root} in ${dir} (${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")})`);
  await new Promise<void>((resolve, reject) => spawn("git", ["clone", "-q", root, dir], { stdio: "inherit" }).on("exit", (code) => (code ? reject(new Error(`git clone: ${code}`)) : resolve())));
  cpSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), { recursive: true, verbatimSymlinks: true });
  const sandboxModules = path.join(root, "packages/sandbox/node_modules");
  if (existsSync(sandboxModules)) cpSync(sandboxModules, path.join(dir, "packages/sandbox/node_modules"), { recursive: true, verbatimSymlinks: true });

  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", BEACON_SANDBOX_PORT: String(port + 9000) };
  for (const name of ["DATABASE_URL", "NODE_ENV", "PORT", "BEACON_DATA_DIR", "NEXTAUTH_URL", "BEACON_PUBLIC_URL"]) delete env[name];
  env.NEXTAUTH_URL = `http://localhost:${port}`;
  const origin = `http://localhost:${port}`;
  const started = Date.now();
  const child = spawn("npm", ["run", "dev", "--", "-p", String(port)], { cwd: dir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const seen: Record<string, number> = {};
  const onOutput = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
    for (const line of [USABLE_LINE, WARMED_LINE]) if (seen[line] === undefined && log.includes(line)) seen[line] = since(started);
  };
  const waitFor = async (line: string) => {
    while (seen[line] === undefined) {
      if (since(started) > 1800) throw new Error(`no "${line}" after 30 minutes:\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    return seen[line];
  };
  child.stdout.on("data", onOutput);
  child.stderr.on("data", onOutput);
  const rows: [string, number][] = [];
  try {
    let firstPage: number | null = null;
    while (firstPage === null) {
      if (since(started) > 900) throw new Error(`no page after 15 minutes:\n${log}`);
      try {
        const response = await fetch(`${origin}/sign-in`, { signal: AbortSignal.timeout(300_000) });
        await response.arrayBuffer();
        if (response.status === 200) firstPage = since(started);
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    console.log(`  first page (/sign-in) served after ${firstPage.toFixed(1)} s`);
    const usable = await waitFor(USABLE_LINE);
    console.log(`  usable dashboard (the quickstart's routes compiled) after ${usable.toFixed(1)} s`);
    const jar = await signIn(origin, DEMO);
    const visit = async (pages: string[]) => {
      for (const page of pages) {
        const t = Date.now();
        const response = await fetch(`${origin}${page}`, { headers: page === "/sign-up" ? {} : { cookie: jar.header }, redirect: "manual" });
        await response.arrayBuffer();
        if (response.status !== (page.endsWith(NO_ID) ? 404 : 200)) throw new Error(`${page} answered ${response.status}`);
        const seconds = since(t);
        rows.push([page, seconds]);
        console.log(`    ${page.padEnd(50)} ${seconds.toFixed(2).padStart(6)} s`);
      }
    };
    console.log("  first visits, signed in as the demo user (the quickstart's pages as soon as the dashboard is usable, the others after the warm-up):");
    await visit(QUICKSTART_PAGES);
    const warmed = await waitFor(WARMED_LINE);
    console.log(`  every route compiled (warm-up done) after ${warmed.toFixed(1)} s`);
    await visit(OTHER_PAGES);
    const missed = [
      ...(usable > TARGETS.usableSeconds ? [`usable dashboard after ${usable.toFixed(1)} s > ${TARGETS.usableSeconds} s`] : []),
      ...rows.filter(([, s]) => s > TARGETS.firstVisitSeconds).map(([page, s]) => `${page} first visit ${s.toFixed(1)} s > ${TARGETS.firstVisitSeconds} s`),
    ];
    console.log(missed.length ? `\nTARGETS MISSED:\n  ${missed.join("\n  ")}` : "\nall targets met");
    return missed.length === 0;
  } finally {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 2000));
    rmSync(dir, { recursive: true, force: true });
  }
}
