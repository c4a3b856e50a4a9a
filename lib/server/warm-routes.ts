import "server-only";
import { readdirSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { logger } from "@/lib/utils/logger";

// `next dev` compiles each route on its first request: 20–40 s apiece on a small machine, paid
// by whoever opens the page first. Once the server is up, a dev server requests every route
// itself, the quickstart's first, so a person's first visits find them compiled. Requests carry
// no session: a page compiles before it redirects to sign-in, an API route before it answers 401
// or 405, so warming changes no data.

/**
 * The quickstart's path through the dashboard (README, Quickstart) and the API routes its pages
 * call: once these are compiled the dashboard is usable. Every other route follows.
 */
const QUICKSTART = [
  "/sign-in",
  "/sign-up",
  "/api/auth/x",
  "/api/sign-up",
  "/demo",
  "/api/orgs/demo/overview",
  "/api/orgs/demo/alerts",
  "/demo/connections",
  "/api/orgs/demo/connections",
  "/api/orgs/demo/connections/stripe",
  "/api/orgs/demo/connections/conekta",
  "/api/orgs/demo/connections/endpoints/00000000-0000-0000-0000-000000000000/test",
  "/connect/stripe/return",
  "/api/webhooks/x",
  "/demo/plans",
  "/api/orgs/demo/plans",
  "/demo/settings",
  "/api/orgs/demo/settings",
  "/api/orgs/demo/tokens",
  "/v1/billing/subscription-checkouts",
  "/v1/billing/subscription-checkouts/00000000-0000-0000-0000-000000000000/confirm",
  "/billing/return",
  "/demo/checkouts",
  "/api/orgs/demo/checkouts",
  "/demo/checkouts/00000000-0000-0000-0000-000000000000",
  "/api/orgs/demo/checkouts/00000000-0000-0000-0000-000000000000",
  "/demo/events",
  "/api/orgs/demo/events",
  "/demo/subscriptions",
  "/api/orgs/demo/subscriptions",
];

/**
 * The quickstart's requests at once. Turbopack compiles concurrent requests in parallel and
 * shares the modules they have in common; on the idle two-core machine three at a time made the
 * dashboard usable after 64 s, against 75 s two at a time (four: 63 s) (README, First run).
 */
const CONCURRENCY = 3;

const placeholder = (segment: string) =>
  segment === "[org]" ? "demo" : segment.startsWith("[...") ? "x" : segment.startsWith("[") ? "00000000-0000-0000-0000-000000000000" : segment;

/** Every page and route handler under app/ (and pages/api/), as a URL with placeholder ids. */
export function routeUrls(root = process.cwd()): string[] {
  const urls: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        // Route groups `(auth)` and private folders `_x` add no segment.
        const segment = entry.name.startsWith("(") || entry.name.startsWith("_") ? null : placeholder(entry.name);
        walk(path.join(dir, entry.name), segment ? [...segments, segment] : segments);
      } else if (/^(page|route)\.tsx?$/.test(entry.name) || (dir.includes(`${path.sep}pages${path.sep}`) && /\.tsx?$/.test(entry.name) && !entry.name.includes(".test."))) {
        const name = /^(page|route)\.tsx?$/.test(entry.name) ? null : placeholder(entry.name.replace(/\.tsx?$/, ""));
        urls.push(`/${[...segments, ...(name && name !== "index" ? [name] : [])].join("/")}`);
      }
    }
  };
  for (const [folder, prefix] of [["app", []], ["pages", []]] as const) {
    try {
      walk(path.join(root, folder), [...prefix]);
    } catch {
      // no such folder
    }
  }
  const unique = [...new Set(urls)];
  return [...QUICKSTART.filter((url) => unique.includes(url)), ...unique.filter((url) => !QUICKSTART.includes(url)).sort()];
}

/** Requests each URL once, `concurrency` at a time; never throws (a route that fails still compiled). */
async function requestEach(origin: string, urls: string[], concurrency: number) {
  let next = 0;
  let answered = 0;
  const lane = async () => {
    while (next < urls.length) {
      const url = urls[next++];
      try {
        const response = await fetch(`${origin}${url}`, { redirect: "manual", signal: AbortSignal.timeout(180_000), headers: { "x-beacon-warm-up": "1" } });
        await response.arrayBuffer();
        answered++;
      } catch (error) {
        logger.debug({ url, err: error }, "warm-up request failed");
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, lane));
  return answered;
}

/**
 * Requests the quickstart's routes, then every other one, and logs when each group is compiled:
 * the first line says the dashboard is usable, the second that no first visit compiles any more.
 */
export async function warmRoutes(origin: string, urls = routeUrls(), concurrency = CONCURRENCY) {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;
  const quickstart = urls.filter((url) => QUICKSTART.includes(url));
  const usable = await requestEach(origin, quickstart, concurrency);
  const usableSeconds = seconds();
  logger.info({ routes: usable, seconds: usableSeconds }, "compiled the quickstart's routes: the dashboard is usable");
  // The rest one at a time: someone is using the dashboard now, and their first visits should not
  // wait behind two compiles.
  const rest = await requestEach(origin, urls.filter((url) => !QUICKSTART.includes(url)), 1);
  logger.info({ routes: usable + rest, seconds: seconds() }, "warmed the dashboard's routes: first visits no longer compile");
  return { warmed: usable + rest, usableSeconds, seconds: seconds() };
}
/** In `next dev` only (unless BEACON_WARM_ROUTES=false): warm every route once the server listens. */
export function warmRoutesInBackground() {
  if (!env.warmRoutes) return;
  // The server answers once instrumentation's register() has returned; start right after it.
  setTimeout(() => void warmRoutes(`http://localhost:${env.PORT ?? 3000}`), 100).unref();
}
