import { and, inArray, like, sql } from "drizzle-orm";
import { makeDeliveries } from "./payloads";
import { start, type Child } from "./processes";

type Org = { organizationId: string; connectionId: string };

/** `count` unique `customer.subscription.updated` events (no provider call needed), stored at once as ingestion stores them (object refs included). */
async function storeBatch(run: string, org: Org, account: string, count: number) {
  const { db } = await import("@/db");
  const { webhookEvents } = await import("@/db/schema");
  const { getAdapter } = await import("@/lib/providers");
  const { deliveries } = makeDeliveries(run, count);
  const rows = [...new Map(deliveries.map((d) => [d.eventId, d])).values()].map((d) => {
    const parsed = JSON.parse(d.body) as { created: number };
    return {
      provider: "stripe" as const,
      mode: "test" as const,
      account,
      providerEventId: d.eventId,
      type: "customer.subscription.updated",
      organizationId: org.organizationId,
      connectionId: org.connectionId,
      providerCreatedAt: new Date(parsed.created * 1000),
      rawBody: d.body,
      objectRefs: getAdapter("stripe").eventObjectRefs(d.body),
    };
  });
  for (let i = 0; i < rows.length; i += 500) await db.insert(webhookEvents).values(rows.slice(i, i + 500));
  return rows.length;
}

/**
 * Processing throughput with `workers` separate `beacon worker` processes (`concurrency` events at
 * a time each): they start first, then a batch of events lands in the inbox at once; the rate is
 * timed from the first claim to the last event settled (the wall time, which adds storing the
 * batch and up to one idle poll of 1 s, is printed beside it).
 */
export async function measureProcessing(env: NodeJS.ProcessEnv, org: Org, account: string, workers: number, count: number, concurrency?: number) {
  const { db } = await import("@/db");
  const { webhookEvents } = await import("@/db/schema");
  const children: Child[] = [];
  const args = concurrency ? ["--concurrency", String(concurrency)] : [];
  for (let i = 0; i < workers; i += 1) {
    children.push(start("npx", ["tsx", "--conditions=react-server", "--tsconfig", "tsconfig.json", "scripts/beacon.ts", "worker", ...args], env, `worker ${i + 1}`));
  }
  // Let the workers connect and go idle before the batch lands.
  await new Promise((r) => setTimeout(r, 8_000));
  const run = `p${workers}_${Date.now().toString(36)}`;
  const t0 = Date.now();
  const events = await storeBatch(run, org, account, count);
  const prefix = `evt_bench_${run}_%`;
  for (;;) {
    const [left] = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(webhookEvents)
      .where(and(like(webhookEvents.providerEventId, prefix), inArray(webhookEvents.status, ["pending", "processing", "failed"])));
    if (left!.n === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const wall = (Date.now() - t0) / 1000;
  // The rate is timed by the database, from the batch's first claim to its last settled event:
  // neither storing the batch nor the workers' idle poll before they notice it is processing.
  const [outcome] = await db.execute<{ dead: number; seconds: number }>(sql`
    select count(*) filter (where e.status = 'dead')::int as dead,
      extract(epoch from max(e.processed_at) - (select min(a.started_at) from event_attempts a join webhook_events x on x.id = a.event_id where x.provider_event_id like ${prefix}))::float8 as seconds
    from webhook_events e where e.provider_event_id like ${prefix} and e.organization_id = ${org.organizationId}`);
  await Promise.all(children.map((c) => c.stop()));
  const seconds = Number(outcome!.seconds);
  return { workers, events, seconds, wall, perSecond: events / seconds, dead: Number(outcome!.dead) };
}

/**
 * What one event costs at the wire: `count` events drained `concurrency` at a time (1: the
 * one-event path; the worker's default: batches) in this process through a client that counts
 * every statement it sends, by kind (BEGIN and COMMIT included).
 */
export async function countStatements(org: Org, account: string, count: number, concurrency: number) {
  const postgres = (await import("postgres")).default;
  const { createDb } = await import("@/db/client");
  const { drainEvents } = await import("@/lib/webhooks/worker/run-worker");
  const counts: Record<string, number> = {};
  const client = postgres(process.env.DATABASE_URL!, {
    max: 4,
    onnotice: () => {},
    debug: (_connection, query) => {
      const kind = query.trim().split(/\s+/)[0]!.toUpperCase();
      counts[kind] = (counts[kind] ?? 0) + 1;
    },
  });
  const events = await storeBatch(`rt_${Date.now().toString(36)}`, org, account, count);
  // Every message postgres.js sends goes out in one socket write, and it waits for an answer after
  // each except when statements are pipelined: writes ≈ round trips.
  const { Socket } = await import("node:net");
  const write = Socket.prototype.write;
  let writes = 0;
  Socket.prototype.write = function (this: InstanceType<typeof Socket>, ...args: Parameters<typeof write>) {
    writes += 1;
    return write.apply(this, args);
  } as typeof write;
  const startedWrites = writes;
  for (const key of Object.keys(counts)) delete counts[key];
  const outcomes = await drainEvents({ db: createDb(client), concurrency, name: "bench-counter", organizationId: org.organizationId }).finally(() => (Socket.prototype.write = write));
  await client.end();
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const perEvent = (n: number) => (n / events).toFixed(2);
  return {
    events,
    processed: outcomes.filter((o) => o === "processed").length,
    perEvent: perEvent(total),
    writesPerEvent: perEvent(writes - startedWrites),
    byKind: Object.entries(counts)
      .sort(([, a], [, b]) => b - a)
      .map(([kind, n]) => `${kind} ${perEvent(n)}`)
      .join(", "),
  };
}
