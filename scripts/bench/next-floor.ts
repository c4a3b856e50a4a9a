import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { RECEIVED_BODY } from "./baseline-server";

/** Reads the whole body from node's request, as Beacon's route does, and answers as the baseline does. */
const pagesRoute = (imports: string, answer: string) =>
  `${imports}export const config = { api: { bodyParser: false } };\n` +
  `export default async function handler(req, res) {\n  const chunks = [];\n  for await (const chunk of req) chunks.push(chunk);\n  const body = Buffer.concat(chunks);\n` +
  `  const status = ${answer};\n  if (status === 200) res.writeHead(200, { "content-type": "application/json" }).end(${JSON.stringify(RECEIVED_BODY)});\n  else res.writeHead(status, { "content-length": 0 }).end();\n}\n`;

/**
 * Next's own cost per request, measured rather than assumed: a small app on the same Next
 * version, with routes of the kind Beacon's webhook route is (Pages Router API routes). Its
 * `/api/empty` only reads the body and answers 200 (no verification, no database): no such
 * route under `next start` can be faster, so it bounds what (a) can reach. Its `/api/baseline`
 * runs the baseline's own handler (HMAC, one insert): what `next start` makes of the baseline's
 * work, before anything Beacon adds. `/api/app-empty` is the empty route as an App Router
 * handler, the kind Beacon's other routes are: the figure that keeps the webhook route where it
 * is. Built under .data/ so it resolves Beacon's node_modules; returns the app's folder.
 */
export function buildNextFloor(): string {
  const dir = path.resolve(".data/bench/next-floor");
  mkdirSync(path.join(dir, "pages/api"), { recursive: true });
  mkdirSync(path.join(dir, "app/api/app-empty"), { recursive: true });
  writeFileSync(path.join(dir, "package.json"), '{ "private": true }\n');
  writeFileSync(path.join(dir, "next.config.mjs"), "export default { poweredByHeader: false };\n");
  // Without a hook of its own, Turbopack (rooted at Beacon's lockfile) builds Beacon's
  // instrumentation.ts into this app too, and the floor would run Beacon's startup and timers.
  writeFileSync(path.join(dir, "instrumentation.js"), "export function register() {}\n");
  writeFileSync(path.join(dir, "pages/api/empty.js"), pagesRoute("", "200"));
  const handler = path.relative(path.join(dir, "pages/api"), path.resolve("scripts/bench/baseline-server")).split(path.sep).join("/");
  writeFileSync(
    path.join(dir, "pages/api/baseline.js"),
    pagesRoute(`import { baselineSql, receiveBaseline } from "${handler}";\nconst sql = baselineSql();\n`, `await receiveBaseline(sql, body.toString("utf8"), req.headers["stripe-signature"] ?? "")`),
  );
  writeFileSync(
    path.join(dir, "app/api/app-empty/route.js"),
    `export const dynamic = "force-dynamic";\nexport async function POST(req) {\n  await req.arrayBuffer();\n  return new Response(${JSON.stringify(RECEIVED_BODY)}, { headers: { "content-type": "application/json" } });\n}\n`,
  );
  const build = spawnSync("node_modules/.bin/next", ["build", dir], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`could not build the Next floor app:\n${build.stdout}${build.stderr}`);
  return dir;
}
