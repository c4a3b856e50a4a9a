import { and, eq, inArray, like, sql } from "drizzle-orm";
import { makeDeliveries } from "./payloads";
import { start, type Child } from "./processes";

/**
 * Processing throughput with `workers` separate `beacon worker` processes: they start first,
 * then a batch of events lands in the inbox at once, and the clock runs until every event is
 * processed. Includes up to one idle poll (1 s) before the workers notice the batch.
 */
export async function measureProcessing(env: NodeJS.ProcessEnv, org: { organizationId: string; connectionId: string }, account: string, workers: number, count: number) {
  const { db } = await import("@/db");
  const { webhookEvents } = await import("@/db/schema");
  const children: Child[] = [];
  for (let i = 0; i < workers; i += 1) {
    children.push(start("npx", ["tsx", "--conditions=react-server", "--tsconfig", "tsconfig.json", "scripts/beacon.ts", "worker"], env, `worker ${i + 1}`));
  }
  // Let the workers connect and go idle before the batch lands.
  await new Promise((r) => setTimeout(r, 8_000));
  const run = `p${workers}_${Date.now().toString(36)}`;
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
    };
  });
  const t0 = Date.now();
  for (let i = 0; i < rows.length; i += 500) await db.insert(webhookEvents).values(rows.slice(i, i + 500));
  const prefix = `evt_bench_${run}_%`;
  for (;;) {
    const [left] = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(webhookEvents)
      .where(and(like(webhookEvents.providerEventId, prefix), inArray(webhookEvents.status, ["pending", "processing", "failed"])));
    if (left!.n === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (Date.now() - t0) / 1000;
  const [outcome] = await db
    .select({ dead: sql<number>`count(*) filter (where ${webhookEvents.status} = 'dead')`.mapWith(Number) })
    .from(webhookEvents)
    .where(and(like(webhookEvents.providerEventId, prefix), eq(webhookEvents.organizationId, org.organizationId)));
  await Promise.all(children.map((c) => c.stop()));
  return { workers, events: rows.length, seconds, perSecond: rows.length / seconds, dead: outcome!.dead };
}
