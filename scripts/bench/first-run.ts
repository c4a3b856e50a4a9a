// `npm run bench -- first-run`: a fresh copy of the repository, started as a newcomer starts it
// (`npm run dev`, embedded database, sandbox, demo seed), timed to its first page, to the end of
// the dev server's route warm-up (lib/server/warm-routes.ts), and then each quickstart page's
// first visit by a signed-in user. The copy's node_modules are copied from this checkout: what is
// measured starts after `npm install`.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { signIn } from "./sign-in";

const TARGETS = { usableSeconds: 60, firstVisitSeconds: 5 };
const PAGES = ["/demo", "/demo/connections", "/demo/plans", "/demo/settings", "/demo/checkouts", "/demo/events", "/demo/subscriptions", "/demo/observability", "/demo/fiscal"];
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
  let warmedAt: number | null = null;
  const onOutput = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
    if (warmedAt === null && log.includes("warmed the dashboard's routes")) warmedAt = since(started);
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
    while (warmedAt === null) {
      if (since(started) > 1800) throw new Error(`no warm-up after 30 minutes:\n${log}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(`  every route compiled (warm-up done) after ${(warmedAt as number).toFixed(1)} s`);
    const jar = await signIn(origin, DEMO);
    for (const page of ["/sign-up", ...PAGES]) {
      const t = Date.now();
      const response = await fetch(`${origin}${page}`, { headers: page === "/sign-up" ? {} : { cookie: jar.header }, redirect: "manual" });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${page} answered ${response.status}`);
      rows.push([page, since(t)]);
    }
    console.log("  first visit of each quickstart page (signed in as the demo user):");
    for (const [page, seconds] of rows) console.log(`    ${page.padEnd(22)} ${seconds.toFixed(2).padStart(6)} s`);
    const missed = [
      ...((warmedAt as number) > TARGETS.usableSeconds ? [`usable dashboard after ${(warmedAt as number).toFixed(1)} s > ${TARGETS.usableSeconds} s`] : []),
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
