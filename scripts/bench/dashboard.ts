// `npm run bench -- dashboard [--events N] [--days D] [--keep] [--reuse]`: the dashboard at volume.
// Seeds its own PostgreSQL database (`beacon_bench_dashboard` on DATABASE_URL's server) with N
// events (default 1,000,000) across 50 organizations, one holding 40% of everything, N/10
// subscriptions with three timeline rows each, N/5 invoices and an attempt per handled event,
// all server-side (INSERT … SELECT generate_series), then VACUUM ANALYZE. It then times the verbs
// the dashboard's routes call (30 runs each, p50/p95 server time) and prints every plan that reads
// a big table with a sequential scan (auto_explain, sent back to this client as notices).
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { cpus, loadavg } from "node:os";
import postgres from "postgres";
import { measureHtml, type HtmlPage } from "./dashboard-html";
import { percentile } from "./stats";

/** `BENCH_DASHBOARD_DATABASE` names another database (e.g. a copy made with `createdb -T beacon_bench_dashboard`). */
const DATABASE = process.env.BENCH_DASHBOARD_DATABASE ?? "beacon_bench_dashboard";
const ORGS = 50;
const RUNS = 30;
const TARGET_MS = 50;
// Checkouts are not seeded (an empty table is read sequentially whatever its indexes), so not listed.
const BIG_TABLES = ["webhook_events", "event_attempts", "subscriptions", "subscription_timeline", "invoices", "customers"];
const EVENT_TYPES = ["customer.subscription.updated", "customer.subscription.created", "invoice.paid", "invoice.payment_failed", "invoice.created", "customer.updated"];

export interface DashboardOptions {
  events: number;
  days: number;
  keep: boolean;
  reuse: boolean;
  /** Also time the pages' HTML under `next start` (`--no-html` skips it), on this port. */
  html: boolean;
  port: number;
}

/** Organization of row `x` (a subscription number): 40% in organization 0, the rest spread over 49. */
const orgOf = (x: string) => `(case when ${x} % 10 < 4 then 0 else 1 + (${x} / 10) % ${ORGS - 1} end)`;

async function seed(sql: postgres.Sql, { events, days }: DashboardOptions) {
  const subs = Math.max(10, Math.floor(events / 10));
  const invoices = subs * 2;
  const span = `${days} days`;
  const step = async (label: string, statement: string) => {
    const started = performance.now();
    await sql.unsafe(statement);
    console.log(`  ${label.padEnd(34)} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  console.log(`seeding ${events.toLocaleString("en")} events, ${subs.toLocaleString("en")} subscriptions, ${invoices.toLocaleString("en")} invoices over ${days} days:`);
  // Numbered organizations and connections, so the generators below can compute their ids.
  await step(
    "organizations, connections, plans",
    `create temporary table bench_org as
       select g as n, gen_random_uuid() as org_id, gen_random_uuid() as conn_id, gen_random_uuid() as plan_id from generate_series(0, ${ORGS - 1}) g;
     insert into organizations (id, slug, name) select org_id, 'bench-' || n, 'Bench ' || n from bench_org;
     insert into provider_connections (id, organization_id, provider, mode, status, account_id)
       select conn_id, org_id, 'stripe', 'test', 'enabled', 'acct_bench_' || n from bench_org;
     insert into plans (id, organization_id, code, name, currency) select plan_id, org_id, 'pro', 'Pro', 'mxn' from bench_org;
     insert into plan_prices (plan_id, billing_cycle, unit_amount) select plan_id, 'monthly', 49900 from bench_org;`,
  );
  await step(
    "customers",
    `insert into customers (organization_id, mode, provider, connection_id, provider_customer_id, email, name, tax_info, created_at)
       select o.org_id, 'test', 'stripe', o.conn_id, 'cus_' || s, 'c' || s || '@example.com', 'Customer ' || s,
              case when s % 7 = 0 then null else jsonb_build_object('country', 'MX', 'rfc', 'XAXX010101000') end,
              now() - interval '${span}' * (${subs} - s)::float / ${subs}
       from generate_series(0, ${subs - 1}) s join bench_org o on o.n = ${orgOf("s")}`,
  );
  await step(
    "subscriptions",
    `insert into subscriptions (organization_id, mode, provider, connection_id, provider_subscription_id, customer_id, plan_id, billing_cycle,
                                status, provider_status, current_period_start, current_period_end, state_at, created_at)
       select o.org_id, 'test', 'stripe', o.conn_id, 'sub_' || s, c.id, o.plan_id, 'monthly',
              (array['active','active','active','trialing','past_due','canceled','paused','incomplete'])[1 + s % 8]::subscription_status,
              'active', now() - interval '10 days', now() + interval '20 days', now() - interval '1 day',
              now() - interval '${span}' * (${subs} - s)::float / ${subs}
       from generate_series(0, ${subs - 1}) s join bench_org o on o.n = ${orgOf("s")}
       join customers c on c.connection_id = o.conn_id and c.provider_customer_id = 'cus_' || s`,
  );
  // Event i concerns subscription i % subs (and, for invoice events, invoice i % invoices);
  // receipt times spread evenly over the span, truncated to the second so some share one.
  await step(
    "webhook_events",
    `insert into webhook_events (provider, mode, account, provider_event_id, type, endpoint_id, organization_id, connection_id,
                                 provider_created_at, received_at, raw_body, object_refs, status, decision, attempts, deliveries,
                                 next_attempt_at, last_error, processed_at)
       select 'stripe', 'test', 'acct_bench_' || o.n, 'evt_' || i, t.type, null, o.org_id, o.conn_id,
              r.at - interval '1 second', r.at,
              '{"id":"evt_' || i || '","object":"event","type":"' || t.type || '","data":{"object":{"id":"' || r.obj || '"}}}',
              case when t.type like 'invoice.%'
                then jsonb_build_object('object', r.obj, 'invoice', r.obj, 'subscription', 'sub_' || (i % ${subs}), 'customer', 'cus_' || (i % ${subs}))
                else jsonb_build_object('object', 'sub_' || (i % ${subs}), 'subscription', 'sub_' || (i % ${subs}), 'customer', 'cus_' || (i % ${subs})) end,
              st.status::event_status, case when st.status = 'processed' then 'applied' when st.status = 'ignored' then 'ignored' end,
              case when st.status in ('pending') then 0 when st.status = 'dead' then 8 when st.status = 'failed' then 2 else 1 end, 1,
              r.at + interval '5 minutes', case when st.status in ('failed', 'dead') then 'provider unavailable' end,
              case when st.status in ('processed', 'ignored') then r.at + interval '2 seconds' end
       from generate_series(0, ${events - 1}) i
       join bench_org o on o.n = ${orgOf(`(i % ${subs})`)}
       cross join lateral (select (array[${EVENT_TYPES.map((t) => `'${t}'`).join(", ")}])[1 + (i / 7) % ${EVENT_TYPES.length}] as type) t
       cross join lateral (select date_trunc('second', now() - interval '${span}' * (${events} - i)::float / ${events}) as at,
                                  case when (i / 7) % ${EVENT_TYPES.length} between 2 and 4 then 'in_' || (i % ${invoices}) else 'sub_' || (i % ${subs}) end as obj) r
       cross join lateral (select case when i % 1000 = 1 then 'dead' when i % 500 = 3 then 'failed' when i % 200 = 5 then 'ignored'
                                       when i >= ${events} - 50 and i % 5 = 0 then 'pending' else 'processed' end as status) st`,
  );
  await step(
    "event_attempts (one per handled event)",
    `insert into event_attempts (event_id, worker, started_at, finished_at, duration_ms, outcome, error)
       select id, 'bench-worker', received_at + interval '1 second', received_at + interval '2 seconds', 40,
              case status when 'processed' then 'processed' when 'ignored' then 'ignored' when 'failed' then 'failed' else 'dead' end::attempt_outcome,
              last_error
       from webhook_events where status <> 'pending'`,
  );
  await step(
    "subscription_timeline (3 per subscription)",
    `insert into subscription_timeline (subscription_id, organization_id, field, from_value, to_value, occurred_at, source, source_ref)
       select s.id, s.organization_id, 'status', case k when 0 then null else 'trialing' end, case k when 0 then 'trialing' else 'active' end,
              s.created_at + k * interval '1 day', 'event', 'evt_' || (substr(s.provider_subscription_id, 5)::int + k * ${subs})
       from subscriptions s cross join generate_series(0, 2) k`,
  );
  await step(
    "invoices",
    `insert into invoices (organization_id, mode, provider, connection_id, provider_invoice_id, subscription_id, customer_id, status, currency,
                           subtotal, tax, total, tax_status, paid_at, period_start, period_end, provider_created_at)
       select s.organization_id, 'test', 'stripe', s.connection_id, 'in_' || k, s.id, s.customer_id,
              case when k % 9 = 0 then 'open' else 'paid' end, 'mxn', 43017, 6883, 49900,
              case when k % 13 = 0 then 'not_calculated' else 'complete' end,
              case when k % 9 = 0 then null else now() - interval '${span}' * (${invoices} - k)::float / ${invoices} end,
              now() - interval '30 days', now(), now() - interval '${span}' * (${invoices} - k)::float / ${invoices}
       from generate_series(0, ${invoices - 1}) k
       join bench_org o on o.n = ${orgOf(`(k % ${subs})`)}
       join subscriptions s on s.connection_id = o.conn_id and s.provider_subscription_id = 'sub_' || (k % ${subs})`,
  );
  await step("vacuum analyze", "vacuum analyze");
}

interface Route {
  name: string;
  run: () => Promise<unknown>;
}

export async function dashboardBench(options: DashboardOptions) {
  const server = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const url = new URL(server);
  url.pathname = `/${DATABASE}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  const [exists] = await admin`select 1 from pg_database where datname = ${DATABASE}`;
  const fresh = !(options.reuse && exists);
  if (fresh) {
    await admin.unsafe(`drop database if exists ${DATABASE} with (force)`);
    await admin.unsafe(`create database ${DATABASE}`);
  }
  Object.assign(process.env, {
    DATABASE_URL: url.toString(),
    BEACON_VAULT_KEYS: `bench:${randomBytes(32).toString("base64")}`,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    BEACON_SEED_DEMO: "false",
    BEACON_WORKER: "false",
    LOG_LEVEL: "warn",
  });
  // Every query's plan comes back as a notice: auto_explain logs it, client_min_messages sends it here.
  let plans: string[] | null = null;
  const { createDb, createSqlClient } = await import("@/db/client");
  const client = createSqlClient({
    max: 10,
    connection: { options: "-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0 -c client_min_messages=log" },
    onnotice: (notice) => {
      if (plans && typeof notice.message === "string" && notice.message.includes("plan:")) plans.push(notice.message);
    },
  });
  (globalThis as { __beaconDb?: unknown }).__beaconDb = createDb(client);
  const { migrateDatabase } = await import("@/db/migrate");
  await migrateDatabase();
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  if (fresh) await seed(sql, options);
  else {
    console.log(`reusing ${DATABASE} (--reuse); migrations applied; vacuum analyze`);
    await sql`vacuum analyze`;
  }

  // The seed writes rows directly: the maintenance job rolls up Observability's closed hours, as a server would within 10 minutes.
  const rollup = performance.now();
  const { runMaintenanceJob } = await import("@/lib/server/maintenance-jobs");
  console.log(`event-rollups job: ${JSON.stringify(await runMaintenanceJob("event-rollups"))} in ${((performance.now() - rollup) / 1000).toFixed(1)} s`);
  // The job deletes the stale-hour marks it folded (a million after a fresh seed): vacuum as autovacuum would, or Observability reads past their dead rows.
  await sql`vacuum analyze`;

  const [big] = await sql<{ id: string; slug: string; name: string; conn: string }[]>`
    select o.id, o.slug, o.name, c.id as conn from organizations o join provider_connections c on c.organization_id = o.id where o.slug = 'bench-0'`;
  const [counts] = await sql<{ events: string; org: string }[]>`
    select (select count(*) from webhook_events) as events, (select count(*) from webhook_events where organization_id = ${big!.id}) as org`;
  // A subscription and an event deep in the big organization's history, a cursor 10,000 events back
  // (half the organization's events in a smaller run).
  const [sub] = await sql<{ id: string; provider_subscription_id: string }[]>`
    select id, provider_subscription_id from subscriptions where organization_id = ${big!.id} order by created_at limit 1 offset ${Math.floor(Number(counts!.org) / 40)}`;
  const [event] = await sql<{ id: string }[]>`
    select id from webhook_events where organization_id = ${big!.id} and type = 'invoice.paid' order by received_at desc limit 1 offset ${Math.floor(Number(counts!.org) / 100)}`;
  const [deep] = await sql<{ received_at: Date; id: string }[]>`
    select received_at, id from webhook_events where organization_id = ${big!.id} and mode = 'test' order by received_at desc, id desc limit 1 offset ${Math.min(10_000, Math.floor(Number(counts!.org) / 2))}`;

  const ctx = { organization: { id: big!.id, slug: big!.slug, name: big!.name }, role: "owner" as const, principal: { type: "system" as const, name: "bench" } };
  const mode = "test" as const;
  const { listEvents } = await import("@/lib/webhooks/events/list-events");
  const { getEvent } = await import("@/lib/webhooks/events/get-event");
  const { getSubscription } = await import("@/lib/subscriptions/get-subscription");
  const { listSubscriptions } = await import("@/lib/subscriptions/list-subscriptions");
  const { getOverview } = await import("@/lib/overview/get-overview");
  const { getObservability } = await import("@/lib/observability/get-observability");
  const { listAlerts } = await import("@/lib/observability/alerts/list-alerts");
  const { getFiscalSignals } = await import("@/lib/fiscal/get-fiscal-signals");
  const { listEventsQuery } = await import("@/lib/validations/events");
  const { listSubscriptionsQuery } = await import("@/lib/validations/subscriptions");
  const events = (query: Record<string, string>) => () => listEvents({ ctx, input: listEventsQuery.parse(query) });
  const deepCursor = { before: deep!.received_at.toISOString(), cursor: `e:${deep!.id}` };
  // The same filters for the verbs and the pages' URLs.
  const filters = {
    typeStatus: { type: "invoice.", status: "dead" },
    deep: ("cursor" in listEventsQuery.shape ? { cursor: deepCursor.cursor } : { before: deepCursor.before }) as Record<string, string>,
    search: { q: sub!.provider_subscription_id },
  };
  const routes: Route[] = [
    { name: "Events: first page", run: events({}) },
    { name: "Events: type + status filter", run: events(filters.typeStatus) },
    { name: "Events: deep page (10,000 back)", run: events(filters.deep) },
    { name: "Events: search sub_…", run: events(filters.search) },
    { name: "Event detail", run: () => getEvent({ ctx, input: { eventId: event!.id } }) },
    { name: "Subscription detail + timeline", run: () => getSubscription({ ctx, input: { subscriptionId: sub!.id } }) },
    { name: "Subscriptions list", run: () => listSubscriptions({ ctx, input: listSubscriptionsQuery.parse({}) }) },
    { name: "Overview", run: () => getOverview({ ctx, mode }) },
    { name: "Observability 24h", run: () => getObservability({ ctx, mode, range: "24h" }) },
    { name: "Observability 7d", run: () => getObservability({ ctx, mode, range: "7d" }) },
    { name: "Alerts", run: () => listAlerts({ ctx, mode }) },
    { name: "Fiscal", run: () => getFiscalSignals({ ctx, mode }) },
  ];

  console.log(`\n${Number(counts!.events).toLocaleString("en")} events, ${Number(counts!.org).toLocaleString("en")} in the measured organization; ${RUNS} runs per route; ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
  console.log("route                              p50 ms   p95 ms   max ms  seq scans");
  const failures: string[] = [];
  const seqScans: string[] = [];
  for (const route of routes) {
    plans = [];
    await route.run(); // warm-up, and the plans
    const captured = plans;
    // BENCH_DEBUG=1: each query of the route's first run, with its duration.
    if (process.env.BENCH_DEBUG) for (const p of captured) console.log(`  ${p.split("\n").slice(0, 2).join(" ").slice(0, 240)}`);
    plans = null;
    const bad = captured.filter((p) => BIG_TABLES.some((t) => new RegExp(`Seq Scan on ${t}\\b`).test(p)));
    for (const p of bad) seqScans.push(`--- ${route.name}\n${p}`);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await route.run();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    console.log(`${route.name.padEnd(32)} ${percentile(times, 50).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${times.at(-1)!.toFixed(1).padStart(8)}  ${bad.length || "-"}`);
    if (p95 >= TARGET_MS) failures.push(`${route.name}: p95 ${p95.toFixed(1)} ms >= ${TARGET_MS} ms`);
    if (bad.length) failures.push(`${route.name}: ${bad.length} plan(s) with a Seq Scan on a big table`);
  }
  if (seqScans.length) console.log(`\nplans reading a big table sequentially:\n${seqScans.join("\n")}`);
  if (options.html) {
    const org = `/${big!.slug}`;
    const eventsPage = (query: Record<string, string>) => `${org}/events?${new URLSearchParams(query)}`;
    const pages: HtmlPage[] = [
      { name: "Overview", path: org },
      { name: "Events: first page", path: `${org}/events` },
      { name: "Events: type + status filter", path: eventsPage(filters.typeStatus) },
      { name: "Events: deep page (10,000 back)", path: eventsPage(filters.deep) },
      { name: "Events: search sub_…", path: eventsPage(filters.search) },
      { name: "Event detail", path: `${org}/events/${event!.id}` },
      { name: "Subscription detail", path: `${org}/subscriptions/${sub!.id}` },
      { name: "Subscriptions list", path: `${org}/subscriptions` },
      { name: "Observability (24h)", path: `${org}/observability` },
      // The page renders 24h; 7d (and the alerts, part of the same answer) is this request of its range toggle.
      { name: "Observability 7d (JSON)", path: `/api/orgs${org}/observability?mode=test&range=7d` },
      { name: "Fiscal", path: `${org}/fiscal` },
    ];
    failures.push(...(await measureHtml({ port: options.port, organizationId: big!.id, pages })));
  }
  await sql.end();
  await client.end({ timeout: 5 });
  if (!options.keep) await admin.unsafe(`drop database if exists ${DATABASE} with (force)`);
  else console.log(`\nkept ${url.toString()} (--keep); rerun with --reuse to measure it again without seeding`);
  await admin.end();
  console.log(failures.length ? `\nTARGETS MISSED:\n  ${failures.join("\n  ")}` : `\nall targets met (every p95 < ${TARGET_MS} ms, no sequential scan of a big table)`);
  return failures.length === 0;
}
