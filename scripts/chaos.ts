// `npm run test:chaos [-- --full]`: webhooks delivered through faults, then checked for exactly once.
//
// Its own PostgreSQL cluster (initdb/pg_ctl on a free port, restarted in immediate mode), the
// provider sandbox, a `beacon ingest` app and two `beacon worker` processes, all real processes.
// Real subscriptions are bought through Beacon's checkouts and the sandbox's hosted page; their
// sandbox events and synthetic `customer.subscription.updated` events (no provider call) are
// delivered with 10% duplicates, shuffled, while a worker is SIGKILLed, PostgreSQL restarts and
// the app is SIGKILLed (each restarted). The sender retries until a 200, as a provider does.
// Then: every event stored once and processed once, none stuck, every subscription's state the
// provider's, no duplicate subscriptions, every checkout confirmed or flagged. Hung and refused
// providers during checkout creation and confirmation: lib/checkouts/bounded-provider-calls.test.ts,
// which this runs too, against the same cluster. Everything it starts is stopped, even on failure.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";

const full = process.argv.includes("--full");
const UNIQUE = full ? 10_000 : 2_000;
const REAL_SUBSCRIPTIONS = full ? 150 : 25;
const SYNTHETIC_SUBSCRIPTIONS = full ? 600 : 150;
const WORKERS = 2;
const DRAIN_TIMEOUT_MS = 6 * 60_000;
const PG_BIN = process.env.BEACON_CHAOS_PG_BIN ?? "/usr/lib/postgresql/15/bin";
const root = path.resolve(import.meta.dirname, "..");
const started = performance.now();
const log = (line: string) => console.log(`[chaos ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);

// ---- processes, each in its own group so a kill takes its children too ----------------------

const children = new Set<ChildProcess>();
function startProcess(label: string, args: string[], env: NodeJS.ProcessEnv) {
  // tsx as a loader, not its CLI: a SIGKILL must hit the worker itself, not a wrapper.
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", ...args], { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-3000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  children.add(child);
  child.once("exit", (code, signal) => {
    children.delete(child);
    if (code && code !== 0 && signal === null) console.error(`[chaos] ${label} exited ${code}; its last output:\n${output}`);
  });
  return child;
}
function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}
/**
 * A process kept running as a supervisor (systemd, Kubernetes) would: an exit nobody asked for is
 * counted, its last output kept, and the process started again; `kill` is the chaos's own fault.
 */
const crashes: string[] = [];
function supervise(label: string, args: string[], env: NodeJS.ProcessEnv) {
  const unit = { child: startProcess(label, args, env), stopping: false };
  const watch = (child: ChildProcess) =>
    child.once("exit", (code, signal) => {
      if (unit.stopping || unit.child !== child) return;
      crashes.push(`${label} exited (${signal ?? code})`);
      unit.child = startProcess(label, args, env);
      watch(unit.child);
    });
  watch(unit.child);
  return {
    /** The fault: kill it, wait, then start it again after `pauseMs`. */
    async kill(signal: NodeJS.Signals, pauseMs: number) {
      const child = unit.child;
      unit.stopping = true;
      killGroup(child, signal);
      await exited(child);
      await sleep(pauseMs);
      unit.stopping = false;
      unit.child = startProcess(label, args, env);
      watch(unit.child);
    },
    stop() {
      unit.stopping = true;
      killGroup(unit.child, "SIGTERM");
    },
  };
}
const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));

// ---- PostgreSQL: a cluster of its own (as `postgres` when run as root) -----------------------

const asRoot = process.getuid?.() === 0;
const pgRun = (bin: string, args: string[]) =>
  asRoot ? execFileSync("runuser", ["-u", "postgres", "--", path.join(PG_BIN, bin), ...args], { stdio: "pipe" }) : execFileSync(path.join(PG_BIN, bin), args, { stdio: "pipe" });

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startCluster() {
  const dir = mkdtempSync(path.join(tmpdir(), "beacon-chaos-pg-"));
  if (asRoot) {
    chmodSync(dir, 0o777);
    execFileSync("chown", ["postgres", dir]);
  }
  const data = path.join(dir, "data");
  const port = await freePort();
  pgRun("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c max_connections=200 -c fsync=off -c autovacuum=off`;
  const pgStart = () => pgRun("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "-t", "60", "start"]);
  pgStart();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    /** Immediate mode: the server stops as if it crashed, and recovers from its WAL on start. */
    restart() {
      pgRun("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      pgStart();
    },
    stop() {
      try {
        pgRun("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // not running
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- the run ------------------------------------------------------------------------------

type Cluster = Awaited<ReturnType<typeof startCluster>>;
let cluster: Cluster | null = null;
let stopSandbox: (() => Promise<void>) | null = null;

/** Synchronous, so it also runs from the `exit` event, whatever ends the run. */
function stopEverything() {
  for (const child of children) killGroup(child, "SIGKILL");
  cluster?.stop();
  cluster = null;
}
process.once("exit", stopEverything);
async function cleanup() {
  stopEverything();
  // Last: the sandbox child is unref'd, so waiting for it may let this process end first.
  await stopSandbox?.().catch(() => {});
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}

async function main(): Promise<boolean> {
  cluster = await startCluster();
  log(`PostgreSQL cluster at ${cluster.url}`);
  const { spawnSandbox } = await import("@/lib/server/spawn-sandbox");
  const sandbox = await spawnSandbox({ dataDir: null, port: 0, tickMs: 0, retryBaseMs: 50 });
  stopSandbox = () => sandbox.stop();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "test",
    DATABASE_URL: cluster.url,
    BEACON_SANDBOX: "on",
    BEACON_SANDBOX_URL: sandbox.url,
    BEACON_VAULT_KEYS: `chaos:${randomBytes(32).toString("base64")}`,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    BEACON_SEED_DEMO: "false",
    BEACON_WORKER: "false",
    BEACON_PROVIDER_ACCOUNT_RPS: "1000",
    BEACON_PROVIDER_ACCOUNT_BURST: "1000",
    LOG_LEVEL: "warn",
  };
  Object.assign(process.env, env);

  const { prepareDatabase } = await import("@/db/migrate");
  await prepareDatabase();
  const { seedBench } = await import("./bench/setup");
  const { BENCH_SECRET, sign } = await import("./bench/payloads");
  const { createOwner } = await import("@/lib/testing/factories");
  const { connectStripeForTest } = await import("@/lib/testing/connections");
  const { createPlan } = await import("@/lib/plans/create-plan");
  const { createCheckout } = await import("@/lib/checkouts/create-checkout");
  const { createCheckoutBody } = await import("@/lib/validations/checkouts");
  const { checkoutBody, payStripeCheckout } = await import("@/lib/testing/checkouts");
  const { accountEvents } = await import("@/lib/webhooks/testing/sandbox-billing");
  const { stripeClient } = await import("@/lib/providers/clients");

  // Real subscriptions: Beacon's checkouts, paid on the sandbox's hosted page.
  const run = Date.now().toString(36);
  const synthetic = await seedBench(`chaos-${run}`, `acct_chaos${run}`, BENCH_SECRET);
  const owner = await createOwner("chaos");
  const connection = await connectStripeForTest(owner);
  const account = connection.accountId!;
  await createPlan({ ctx: owner, input: { code: "plus", name: "Plus", currency: "usd", trialDays: 0, prices: { monthly: 1500, yearly: 15000 } } });
  const since = Math.floor(Date.now() / 1000) - 5;
  for (let i = 0; i < REAL_SUBSCRIPTIONS; i += 1) {
    const email = `buyer-${i}@chaos.test`;
    const input = createCheckoutBody.parse(checkoutBody(owner, { customer: { email } }));
    const checkout = await createCheckout({ ctx: owner, input, attempt: { checkoutId: crypto.randomUUID(), providerIdempotencyKey: `chaos-${run}-${i}` } });
    const paid = await payStripeCheckout(checkout.url, "4242424242424242", email);
    if (paid.status !== 303) throw new Error(`the hosted checkout answered ${paid.status}`);
  }
  // A few cancel, so final states differ from what the checkout made.
  const stripe = stripeClient("test");
  const subs = [];
  for await (const sub of stripe.subscriptions.list({ limit: 100 }, { stripeAccount: account })) subs.push(sub);
  for (const sub of subs.slice(0, Math.ceil(subs.length / 5))) await stripe.subscriptions.cancel(sub.id, {}, { stripeAccount: account });
  // As Stripe delivers a connected account's events to a Connect endpoint: with `account`.
  const realEvents = (await accountEvents(account, since)).map((e) => JSON.stringify({ ...e, account }));
  log(`${REAL_SUBSCRIPTIONS} real subscriptions bought through Beacon's checkouts: ${realEvents.length} sandbox events`);

  // Synthetic subscriptions: updates in random statuses at distinct times; the newest one is the provider's state.
  const statuses = ["active", "past_due", "unpaid", "canceled", "trialing"] as const;
  const expected = new Map<string, string>();
  const base = Math.floor(Date.now() / 1000) - UNIQUE;
  const bodies = [...realEvents];
  for (let i = 0; bodies.length < UNIQUE; i += 1) {
    const subscription = `sub_chaos_${run}_${i % SYNTHETIC_SUBSCRIPTIONS}`;
    const status = statuses[Math.floor(Math.random() * statuses.length)]!;
    const created = base + i;
    expected.set(subscription, status);
    bodies.push(syntheticEvent(`evt_chaos_${run}_${i}`, `acct_chaos${run}`, subscription, status, created));
  }
  // 10% duplicates (the same delivery again), all shuffled.
  const deliveries = [...bodies, ...Array.from({ length: Math.round(bodies.length / 10) }, () => bodies[Math.floor(Math.random() * bodies.length)]!)];
  shuffle(deliveries);
  log(`${bodies.length} unique events (${realEvents.length} real, ${bodies.length - realEvents.length} synthetic on ${SYNTHETIC_SUBSCRIPTIONS} subscriptions), ${deliveries.length} deliveries`);

  // The app and the workers.
  const ingestPort = await freePort();
  const app = supervise("ingest", ["scripts/beacon.ts", "ingest", "--port", String(ingestPort), "--host", "127.0.0.1"], env);
  const workers = Array.from({ length: WORKERS }, (_, i) => supervise(`worker ${i + 1}`, ["scripts/beacon.ts", "worker", "--concurrency", "8"], env));
  await waitForHttp(`http://127.0.0.1:${ingestPort}/healthz`);
  log(`beacon ingest on :${ingestPort}, ${WORKERS} beacon worker processes`);

  // Deliver, with faults at fixed points of the stream.
  const faults: { at: number; name: string; run: () => Promise<void> }[] = [
    {
      // Early: its events' leases (2 min) then run out while the rest is still being delivered.
      at: 0.05,
      name: "SIGKILL worker 1 (restarted 2 s later)",
      run: () => workers[0]!.kill("SIGKILL", 2_000),
    },
    { at: 0.45, name: "PostgreSQL immediate restart", run: async () => cluster!.restart() },
    {
      at: 0.75,
      name: "SIGKILL the app (restarted)",
      run: async () => {
        await app.kill("SIGKILL", 0);
        await waitForHttp(`http://127.0.0.1:${ingestPort}/healthz`);
      },
    },
  ];
  const deliveryStarted = performance.now();
  const sent = await deliver(`http://127.0.0.1:${ingestPort}/api/webhooks/stripe`, deliveries, sign, faults);
  log(`delivered ${deliveries.length} in ${((performance.now() - deliveryStarted) / 1000).toFixed(1)} s (${sent.retries} retried sends)`);

  // Drain, then check.
  const sql = postgres(cluster.url, { max: 2, onnotice: () => {} });
  const connections = [synthetic.connectionId, connection.id];
  const drainStarted = performance.now();
  for (;;) {
    const [left] = await sql`select count(*)::int as n from webhook_events where connection_id = any(${connections}) and status not in ('processed', 'ignored', 'dead')`;
    if (left!.n === 0) break;
    if (performance.now() - drainStarted > DRAIN_TIMEOUT_MS) break;
    await sleep(1_000);
  }
  log(`drained in ${((performance.now() - drainStarted) / 1000).toFixed(1)} s after the last delivery`);
  for (const worker of workers) worker.stop();
  app.stop();

  const stored = await sql`select status, count(*)::int as n from webhook_events where connection_id = any(${connections}) group by status`;
  const byStatus = Object.fromEntries(stored.map((r) => [r.status as string, r.n as number]));
  const storedTotal = stored.reduce((s, r) => s + (r.n as number), 0);
  const [doubleApplied] = await sql`
    select count(*)::int as n from (select 1 from event_attempts a join webhook_events e on e.id = a.event_id
      where e.connection_id = any(${connections}) and a.outcome = 'processed' group by a.event_id having count(*) > 1) d`;
  const [doubleTimeline] = await sql`
    select count(*)::int as n from (select 1 from subscription_timeline t join subscriptions s on s.id = t.subscription_id
      where s.connection_id = any(${connections}) and t.source = 'event' group by t.subscription_id, t.field, t.source_ref having count(*) > 1) d`;
  const [duplicateSubscriptions] = await sql`
    select count(*)::int as n from (select 1 from subscriptions where connection_id = any(${connections}) group by connection_id, provider_subscription_id having count(*) > 1) d`;
  const beaconStates = new Map((await sql`select provider_subscription_id as id, provider_status as status from subscriptions where connection_id = any(${connections})`).map((r) => [r.id as string, r.status as string]));
  for await (const sub of stripe.subscriptions.list({ limit: 100, status: "all" }, { stripeAccount: account })) expected.set(sub.id, sub.status);
  const wrong = [...expected].filter(([id, status]) => beaconStates.get(id) !== status);
  const checkoutRows = await sql`select status, count(*)::int as n from checkouts where connection_id = ${connection.id} group by status`;
  const checkoutsByStatus = Object.fromEntries(checkoutRows.map((r) => [r.status as string, r.n as number]));
  const unconfirmed = (await sql`select count(*)::int as n from checkouts where connection_id = ${connection.id} and confirmed_at is null and created_at > now() - make_interval(mins => 30)`)[0]!.n as number;
  await sql.end();

  const failures: string[] = [];
  if (storedTotal !== bodies.length) failures.push(`${storedTotal} events stored for ${bodies.length} unique (${bodies.length - storedTotal} lost or doubled)`);
  // Done: processed, or ignored (a type Beacon does not act on). Anything else is lost work or stuck.
  const done = (byStatus.processed ?? 0) + (byStatus.ignored ?? 0);
  if (done !== bodies.length) failures.push(`${bodies.length - done} not done (stuck or dead): ${JSON.stringify(byStatus)}`);
  if (doubleApplied!.n > 0) failures.push(`${doubleApplied!.n} events processed more than once`);
  if (doubleTimeline!.n > 0) failures.push(`${doubleTimeline!.n} timeline changes recorded twice`);
  if (duplicateSubscriptions!.n > 0) failures.push(`${duplicateSubscriptions!.n} duplicate subscriptions`);
  if (wrong.length > 0) failures.push(`${wrong.length} subscriptions differ from the provider, e.g. ${wrong.slice(0, 3).map(([id, s]) => `${id}: provider ${s}, Beacon ${beaconStates.get(id) ?? "missing"}`).join("; ")}`);
  if (unconfirmed > 0) failures.push(`${unconfirmed} checkouts neither confirmed nor (yet) flagged stuck`);

  console.log(`
chaos ${full ? "full" : "short"} run: ${deliveries.length} deliveries (${bodies.length} unique, ${deliveries.length - bodies.length} duplicates, shuffled)
faults: ${faults.map((f) => `${f.name} at ${Math.round(f.at * 100)}%`).join("; ")}
events stored ${storedTotal} / ${bodies.length} unique; by status ${JSON.stringify(byStatus)}
processed more than once: ${doubleApplied!.n}; timeline changes doubled: ${doubleTimeline!.n}
subscriptions: ${expected.size} (${expected.size - SYNTHETIC_SUBSCRIPTIONS} real, ${SYNTHETIC_SUBSCRIPTIONS} synthetic); state differs from the provider: ${wrong.length}; duplicates: ${duplicateSubscriptions!.n}
checkouts: ${JSON.stringify(checkoutsByStatus)}; neither confirmed nor flagged: ${unconfirmed}
exits nobody asked for (restarted, as a supervisor would): ${crashes.length ? crashes.join(", ") : 0}`);

  // Hung and refused providers during checkout creation and confirmation, on this cluster.
  const providerFaults = spawn("npx", ["vitest", "run", "--project", "app", "lib/checkouts/bounded-provider-calls.test.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: cluster.url },
    stdio: "inherit",
    detached: true,
  });
  children.add(providerFaults);
  const code = await new Promise<number | null>((resolve) => providerFaults.once("exit", (c) => resolve(c)));
  children.delete(providerFaults);
  if (code !== 0) failures.push("hung/refused provider checks failed (lib/checkouts/bounded-provider-calls.test.ts)");

  console.log(failures.length ? `\nFAILED:\n  ${failures.join("\n  ")}` : `\nall checks passed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return failures.length === 0;
}

function syntheticEvent(id: string, account: string, subscription: string, status: string, created: number): string {
  const object = {
    id: subscription,
    object: "subscription",
    customer: `cus_${subscription.slice(4)}`,
    status,
    cancel_at_period_end: false,
    canceled_at: status === "canceled" ? created : null,
    trial_end: null,
    created: created - 86_400,
    currency: "usd",
    items: {
      object: "list",
      data: [{ id: `si_${subscription}`, object: "subscription_item", current_period_start: created, current_period_end: created + 2_592_000, price: { id: "price_chaos", object: "price", currency: "usd", unit_amount: 2_000, recurring: { interval: "month", interval_count: 1 }, product: "prod_chaos" }, quantity: 1, subscription }],
      has_more: false,
    },
    metadata: {},
  };
  return JSON.stringify({ id, object: "event", api_version: "2026-10-28.endive", account, created, livemode: false, type: "customer.subscription.updated", data: { object }, pending_webhooks: 1, request: { id: null, idempotency_key: null } });
}

function shuffle<T>(items: T[]) {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForHttp(url: string, timeoutMs = 120_000) {
  for (const deadline = Date.now() + timeoutMs; ; await sleep(250)) {
    if (await fetch(url).then((r) => r.status < 500, () => false)) return;
    if (Date.now() > deadline) throw new Error(`nothing answered at ${url}`);
  }
}

/** Sends every delivery, 16 at a time, each until it is answered 200 (as a provider retries); faults fire at their share of the stream. */
async function deliver(url: string, bodies: string[], sign: (body: string) => string, faults: { at: number; name: string; run: () => Promise<void> }[]) {
  let next = 0;
  let retries = 0;
  const pending = [...faults];
  let faultRunning: Promise<void> = Promise.resolve();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        if (pending[0] && next >= pending[0].at * bodies.length) {
          const fault = pending.shift()!;
          log(`fault: ${fault.name}`);
          faultRunning = faultRunning.then(fault.run);
        }
        for (let attempt = 0; ; attempt += 1) {
          const ok = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": sign(body) }, body, signal: AbortSignal.timeout(30_000) }).then(
            async (r) => (await r.arrayBuffer(), r.status === 200),
            () => false,
          );
          if (ok) break;
          retries += 1;
          if (attempt > 200) throw new Error("a delivery was refused 200 times");
          await sleep(Math.min(2_000, 100 * 2 ** Math.min(attempt, 5)));
        }
      }
    }),
  );
  await faultRunning;
  return { retries };
}

main()
  .then(
    async (ok) => {
      await cleanup();
      process.exit(ok ? 0 : 1);
    },
    async (error) => {
      console.error(error);
      await cleanup();
      process.exit(1);
    },
  );
