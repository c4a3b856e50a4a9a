import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Next's own cost per request, measured rather than assumed: a small app on the same Next
 * version. Its `/api/empty` only reads the body and answers 200 (no verification, no database):
 * no route under `next start` can be faster, so it bounds what (a) can reach. Its
 * `/api/baseline` runs the baseline's own handler (HMAC, one insert) and answers like Beacon's
 * route, without a body: what `next start` makes of the baseline's work, before anything Beacon
 * adds. Built under .data/ so it resolves Beacon's node_modules; returns the app's folder.
 */
export function buildNextFloor(): string {
  const dir = path.resolve(".data/bench/next-floor");
  mkdirSync(path.join(dir, "app/api/empty"), { recursive: true });
  mkdirSync(path.join(dir, "app/api/baseline"), { recursive: true });
  writeFileSync(path.join(dir, "package.json"), '{ "private": true }\n');
  writeFileSync(path.join(dir, "next.config.mjs"), "export default { poweredByHeader: false };\n");
  // Without a hook of its own, Turbopack (rooted at Beacon's lockfile) builds Beacon's
  // instrumentation.ts into this app too, and the floor would run Beacon's startup and timers.
  writeFileSync(path.join(dir, "instrumentation.js"), "export function register() {}\n");
  writeFileSync(
    path.join(dir, "app/api/empty/route.js"),
    `export const dynamic = "force-dynamic";\nexport async function POST(req) {\n  await req.arrayBuffer();\n  return new Response(null, { status: 200 });\n}\n`,
  );
  const handler = path.relative(path.join(dir, "app/api/baseline"), path.resolve("scripts/bench/baseline-server")).split(path.sep).join("/");
  writeFileSync(
    path.join(dir, "app/api/baseline/route.js"),
    `import { baselineSql, receiveBaseline } from "${handler}";\nexport const dynamic = "force-dynamic";\nconst sql = baselineSql();\n` +
      `export async function POST(req) {\n  const status = await receiveBaseline(sql, await req.text(), req.headers.get("stripe-signature") ?? "");\n  return new Response(null, { status });\n}\n`,
  );
  const build = spawnSync("node_modules/.bin/next", ["build", dir], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`could not build the Next floor app:\n${build.stdout}${build.stderr}`);
  return dir;
}
