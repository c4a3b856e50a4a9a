// `npm run bench -- sandbox [--small 100] [--large 1000]`: does the sandbox's cost per operation
// stay flat as its history grows? A sandbox child process (temp --data-dir, as `next dev` runs
// it) is driven over HTTP only: the official `stripe` SDK creates Checkout Sessions that are
// paid through the hosted page, and the control API advances the clock 31 days.
import { createServer, type Server } from "node:http";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { spawnSandbox } from "@/lib/server/spawn-sandbox";

const KEY = "sk_test_beacon_bench";
const MAX_RATIO = 1.5;
const MAX_ADVANCE_SECONDS = 60;
const MONTH = 31 * 86_400;

// A webhook receiver that acknowledges everything, so renewals' events are really delivered.
function receiver(): Promise<{ server: Server; url: string; received: () => number }> {
  let count = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      count += 1;
      res.end("ok");
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${port}/hook`, received: () => count });
    }),
  );
}

function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function payCheckout(stripe: Stripe, price: string, n: number): Promise<void> {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price, quantity: 1 }],
    success_url: "http://beacon.test/billing/return?session_id={CHECKOUT_SESSION_ID}",
  });
  const paid = await fetch(session.url!, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ email: `bench-${n}@example.test`, name: "Bench", card_number: "4242424242424242", card_expiry: "12/34", card_cvc: "123" }),
  });
  if (paid.status !== 303) throw new Error(`hosted checkout answered ${paid.status}: ${await paid.text()}`);
}

/** Pays checkouts up to `to` (numbered from `from`), returning ms per checkout of the last `window`. */
async function checkouts(stripe: Stripe, price: string, from: number, to: number, window: number): Promise<number> {
  let windowStart = 0;
  for (let n = from; n <= to; n += 1) {
    if (n === to - window + 1) windowStart = performance.now();
    await payCheckout(stripe, price, n);
    if (n % 100 === 0 && process.stdout.isTTY) process.stdout.write(`  ${n} checkouts\r`);
  }
  return (performance.now() - windowStart) / window;
}

async function advance(url: string): Promise<{ seconds: number; steps: number }> {
  const started = performance.now();
  const res = await fetch(`${url}/_sandbox/clock/advance`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ seconds: String(MONTH) }),
  });
  if (!res.ok) throw new Error(`clock advance answered ${res.status}: ${await res.text()}`);
  const { steps } = (await res.json()) as { steps: number };
  return { seconds: (performance.now() - started) / 1000, steps };
}

async function subscriptionCount(stripe: Stripe): Promise<number> {
  let n = 0;
  for await (const sub of stripe.subscriptions.list({ limit: 100, status: "active" })) if (sub.id) n += 1;
  return n;
}

export async function sandboxBench(small: number, large: number): Promise<boolean> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "beacon-bench-sandbox-"));
  const hooks = await receiver();
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const sandbox = await spawnSandbox({ port, dataDir, tickMs: 0, attempts: 3 });
  const { hostname, port: p } = new URL(sandbox.url);
  const stripe = new Stripe(KEY, { host: hostname, port: Number(p), protocol: "http", maxNetworkRetries: 0 });
  const window = Math.min(100, small);
  console.log(`sandbox store: ${small} then ${large} paid checkouts, a 31-day advance after each (state in ${dataDir})\n`);
  try {
    await stripe.webhookEndpoints.create({ url: hooks.url, enabled_events: ["*"] });
    const product = await stripe.products.create({ name: "Bench" });
    const price = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1_000, recurring: { interval: "month" } });

    // Each figure is printed as soon as it is known, so a store too slow to finish still reports some.
    const checkoutSmall = await checkouts(stripe, price.id, 1, small, window);
    console.log(`at ${small}: ${checkoutSmall.toFixed(1)} ms per checkout (${small - window + 1}–${small}); state ${mb(sizeOf(dataDir))}`);
    const advSmall = await advance(sandbox.url);
    // Each step of an advance is one due task; here every task is a renewal.
    const renewSmall = (advSmall.seconds * 1000) / Math.max(1, advSmall.steps);
    console.log(`at ${small}: 31-day advance ${advSmall.seconds.toFixed(1)} s for ${advSmall.steps} renewals, ${renewSmall.toFixed(1)} ms per renewal`);

    const checkoutLarge = await checkouts(stripe, price.id, small + 1, large, window);
    console.log(`at ${large}: ${checkoutLarge.toFixed(1)} ms per checkout (${large - window + 1}–${large}); state ${mb(sizeOf(dataDir))}`);
    const advLarge = await advance(sandbox.url);
    const active = await subscriptionCount(stripe);
    const renewLarge = (advLarge.seconds * 1000) / Math.max(1, advLarge.steps);
    console.log(`at ${large}: 31-day advance ${advLarge.seconds.toFixed(1)} s for ${advLarge.steps} renewals of ${active} active subscriptions, ${renewLarge.toFixed(1)} ms per renewal`);
    const bytes = sizeOf(dataDir);
    console.log(`state on disk: ${mb(bytes)}; webhooks received so far: ${hooks.received()}`);

    const checkoutRatio = checkoutLarge / checkoutSmall;
    const renewRatio = renewLarge / renewSmall;
    console.log(`ratio ${large}/${small}: checkout ${checkoutRatio.toFixed(2)}×, renewal ${renewRatio.toFixed(2)}× (target ≤ ${MAX_RATIO}×); advance at ${large}: ${advLarge.seconds.toFixed(1)} s (target < ${MAX_ADVANCE_SECONDS} s)`);
    const failures: string[] = [];
    if (active < large) failures.push(`only ${active} of ${large} subscriptions active after renewal`);
    if (checkoutRatio > MAX_RATIO) failures.push(`checkout ${checkoutRatio.toFixed(2)}× > ${MAX_RATIO}×`);
    if (renewRatio > MAX_RATIO) failures.push(`renewal ${renewRatio.toFixed(2)}× > ${MAX_RATIO}×`);
    if (advLarge.seconds >= MAX_ADVANCE_SECONDS) failures.push(`advance ${advLarge.seconds.toFixed(1)} s ≥ ${MAX_ADVANCE_SECONDS} s`);
    console.log(failures.length ? `\nTARGETS MISSED:\n  ${failures.join("\n  ")}` : "\nall targets met");
    return failures.length === 0;
  } finally {
    await sandbox.stop();
    hooks.server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
