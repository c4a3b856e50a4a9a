// The dashboard bench's second half: the HTML of its pages as a browser gets them from
// `next start` (proxy.ts, the session, the layout's queries, the verb, React's render), signed in
// as a member of the big organization, against the bench's database.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { start, treeCpuMs, waitForHttp } from "./processes";
import { signIn } from "./sign-in";
import { percentile } from "./stats";

const RUNS = 30;
/** Requests of every page before any is timed. */
const WARM_UP = 10;
const TARGET_MS = 50;
/** The member the bench signs in as; `ensureBenchMember` (re)creates it, also in a reused database. */
export const BENCH_MEMBER = { email: "bench@beacon.test", password: "bench-dashboard-2026" };
// What the production build is made of: a newer file here means `.next` is stale.
const NOT_BUILT = [/^(scripts|e2e|docs|packages)\//, /\.test\.tsx?$/, /\.md$/];

export interface HtmlPage {
  name: string;
  /** Path and query, e.g. `/bench-0/events?status=dead`. */
  path: string;
}

/** The first file of the app newer than `.next/BUILD_ID`, or null when the build is current. */
function newerThanBuild(): string | null {
  const built = statSync(".next/BUILD_ID").mtimeMs;
  const files = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { encoding: "utf8" }).stdout.split("\n");
  return files.find((f) => f && !NOT_BUILT.some((r) => r.test(f)) && existsSync(f) && statSync(f).mtimeMs > built) ?? null;
}

/** Builds with `next build` unless `.next` already holds a build newer than every app file. */
function ensureBuild() {
  const stale = existsSync(".next/BUILD_ID") ? newerThanBuild() : "no .next/BUILD_ID";
  if (!stale) return console.log("reusing the production build in .next (newer than every app file)");
  console.log(`building with next build (${stale.startsWith("no ") ? stale : `${stale} is newer than .next`}) …`);
  const started = performance.now();
  const build = spawnSync("node_modules/.bin/next", ["build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}${build.stderr}`);
  console.log(`  built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** A user with a known password, owner of the organization (created or reset, so a reused database works too). */
async function ensureBenchMember(organizationId: string) {
  const { db } = await import("@/db");
  const { memberships, users } = await import("@/db/schema");
  const { hashPassword } = await import("@/lib/auth/password");
  const passwordHash = await hashPassword(BENCH_MEMBER.password);
  const [user] = await db
    .insert(users)
    .values({ email: BENCH_MEMBER.email, name: "Bench", passwordHash })
    .onConflictDoUpdate({ target: users.email, set: { passwordHash } })
    .returning();
  await db
    .insert(memberships)
    .values({ organizationId, userId: user!.id, role: "owner" })
    .onConflictDoUpdate({ target: [memberships.organizationId, memberships.userId], set: { role: "owner" } });
}

/**
 * Starts `next start` on the port against process.env's database (no worker, no demo, no
 * sandbox), signs in, warms the server up (every page `WARM_UP` times, so the first page timed
 * does not pay for V8 compiling the code all pages share), and times each page's full body `RUNS`
 * times.
 * Returns the missed targets.
 */
export async function measureHtml({ port, organizationId, pages }: { port: number; organizationId: string; pages: HtmlPage[] }): Promise<string[]> {
  ensureBuild();
  await ensureBenchMember(organizationId);
  const origin = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXTAUTH_URL: origin,
    BEACON_SEED_DEMO: "false",
    BEACON_WORKER: "false",
    // An address nothing answers at: the server starts no sandbox child, and no page here calls a provider.
    BEACON_SANDBOX: "on",
    BEACON_SANDBOX_URL: "http://127.0.0.1:9",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const server = start("node_modules/.bin/next", ["start", "-p", String(port), "-H", "127.0.0.1"], env, "next start");
  const failures: string[] = [];
  try {
    await waitForHttp(`${origin}/api/health`, 300_000);
    const { header: cookie } = await signIn(origin, BENCH_MEMBER);
    const fetchPage = async (page: HtmlPage) => {
      const response = await fetch(`${origin}${page.path}`, { headers: { cookie }, redirect: "manual" });
      const body = await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${page.path} answered ${response.status}`);
      return body.byteLength;
    };
    console.log(`\nHTML under next start (${origin}, signed in as ${BENCH_MEMBER.email}), time to the full body; ${RUNS} runs per page; ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
    // CPU ms per request of the server's process tree: unlike latency, it barely moves with the
    // machine's load, so it shows the server's own cost per page (the verb's database time excluded).
    console.log("page                               p50 ms   p95 ms   max ms      KB  server cpu ms/req");
    // A server in service is warm: one request of each page left the first pages timed paying for
    // V8's compiling (the Overview's first 30 requests at about twice the CPU of later ones).
    const bytesOf = new Map<HtmlPage, number>();
    for (let i = 0; i < WARM_UP; i++) for (const page of pages) bytesOf.set(page, await fetchPage(page));
    for (const page of pages) {
      const bytes = bytesOf.get(page)!;
      const times: number[] = [];
      const cpuBefore = treeCpuMs(server.process.pid!);
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        await fetchPage(page);
        times.push(performance.now() - started);
      }
      const cpu = (treeCpuMs(server.process.pid!) - cpuBefore) / RUNS;
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      console.log(`${page.name.padEnd(32)} ${percentile(times, 50).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${times.at(-1)!.toFixed(1).padStart(8)} ${(bytes / 1024).toFixed(0).padStart(7)} ${cpu.toFixed(1).padStart(18)}`);
      if (p95 >= TARGET_MS) failures.push(`HTML ${page.name}: p95 ${p95.toFixed(1)} ms >= ${TARGET_MS} ms`);
    }
  } finally {
    await server.stop();
  }
  return failures;
}
