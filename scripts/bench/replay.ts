import { makeDeliveries } from "./payloads";
import { benchEnvironment, seedBench } from "./setup";

const ACCOUNT = "acct_bench_replay000001";

/**
 * `npm run bench -- replay [--events 10000] [--workers 2]`: a bulk replay of dead events, end to
 * end. Seeds `events` dead `customer.subscription.updated` events (500 subscriptions, distinct
 * times), plans and runs the replay through the same verbs the dashboard and CLI call, then
 * drains the queue with `workers` concurrent workers while a second replay of the same filter and
 * provider redeliveries race them. Reports the rate (events settled per second, queueing included)
 * and checks that no effect happened twice: one processed attempt per event, one subscription row
 * per subscription, no timeline change recorded twice. Exits 1 when any check fails.
 */
export async function replayBench(count: number, workers: number): Promise<boolean> {
  const { kind, cleanup } = await benchEnvironment();
  const { prepareDatabase, closeDatabase } = await import("@/db/migrate");
  await prepareDatabase();
  const { db } = await import("@/db");
  const { sql } = await import("drizzle-orm");
  const { webhookEvents } = await import("@/db/schema");
  const { replayFilterInput } = await import("@/lib/validations/replay");
  const { planReplay } = await import("@/lib/webhooks/replay/plan-replay");
  const { runReplay } = await import("@/lib/webhooks/replay/run-replay");
  const { getReplay } = await import("@/lib/webhooks/replay/get-replay");
  const { drainEvents } = await import("@/lib/webhooks/worker/run-worker");
  const { InboxWriter } = await import("@/lib/webhooks/ingest/inbox-writer");
  try {
    const org = await seedBench("bench-replay", ACCOUNT, "whsec_bench_replay");
    const run = `r${Date.now().toString(36)}`;
    const { deliveries } = makeDeliveries(run, count);
    const unique = [...new Map(deliveries.map((d) => [d.eventId, d])).values()];
    const rows = unique.map((d) => ({
      provider: "stripe" as const,
      mode: "test" as const,
      account: ACCOUNT,
      providerEventId: d.eventId,
      type: "customer.subscription.updated",
      organizationId: org.organizationId,
      connectionId: org.connectionId,
      providerCreatedAt: new Date((JSON.parse(d.body) as { created: number }).created * 1000),
      rawBody: d.body,
      status: "dead" as const,
      attempts: 8,
      lastError: "bench: the provider was unreachable for every attempt",
    }));
    for (let i = 0; i < rows.length; i += 500) await db.insert(webhookEvents).values(rows.slice(i, i + 500));
    await db.execute(sql`vacuum analyze webhook_events`);
    const [organization] = await db.execute<{ id: string; slug: string; name: string }>(sql`select id, slug, name from organizations where id = ${org.organizationId}`);
    const ctx = { organization: organization!, role: "owner" as const, principal: { type: "system" as const, name: "bench" } };
    const filter = replayFilterInput.parse({ mode: "test", status: "dead", provider: "stripe" });

    const t0 = performance.now();
    const plan = await planReplay({ ctx, input: filter });
    const planMs = performance.now() - t0;
    console.log(`plan: ${plan.total} events, ${plan.types.map((t) => `${t.type} ×${t.count} → ${t.action.outcome === "handled" ? t.action.handlers.join(",") : "ignored"}`).join("; ")} (${planMs.toFixed(0)} ms)`);
    const t1 = performance.now();
    const replay = await runReplay({ ctx, input: filter });
    const queueMs = performance.now() - t1;
    // Redeliveries of a tenth of the events, and a second replay of the same filter, race the workers.
    const writer = new InboxWriter(db);
    const racing = Promise.all([
      runReplay({ ctx, input: filter }),
      ...unique.filter((_, i) => i % 10 === 0).map((d, i) => writer.write({ ...rows[i * 10]!, rawBody: d.body, status: undefined, attempts: undefined, lastError: undefined })),
    ]);
    const drained = await Promise.all(Array.from({ length: workers }, (_, i) => drainEvents({ db, concurrency: 8, name: `bench-replay-${i}`, organizationId: org.organizationId })));
    const [second] = await racing;
    await drainEvents({ db, concurrency: 8, name: "bench-replay-last", organizationId: org.organizationId });
    const seconds = (performance.now() - t1) / 1000;
    const progress = await getReplay({ ctx, input: { replayId: replay.replayId } });

    const [checks] = await db.execute<{ twice: string; unprocessed: string; subs: string; timeline_twice: string }>(sql`
      select
        (select count(*) from (select a.event_id from event_attempts a join webhook_events e on e.id = a.event_id
           where e.organization_id = ${org.organizationId} and a.outcome = 'processed' group by a.event_id having count(*) > 1) x) as twice,
        (select count(*) from webhook_events where organization_id = ${org.organizationId} and status <> 'processed') as unprocessed,
        (select count(*) from subscriptions where organization_id = ${org.organizationId}) as subs,
        (select count(*) from (select 1 from subscription_timeline where organization_id = ${org.organizationId}
           group by subscription_id, field, to_value, source_ref having count(*) > 1) y) as timeline_twice`);
    const expectedSubs = new Set(unique.map((d) => (JSON.parse(d.body) as { data: { object: { id: string } } }).data.object.id)).size;
    const failures: string[] = [];
    if (replay.queued !== count) failures.push(`queued ${replay.queued} of ${count}`);
    if (Number(checks!.twice) > 0) failures.push(`${checks!.twice} events processed twice`);
    if (Number(checks!.unprocessed) > 0) failures.push(`${checks!.unprocessed} events not processed`);
    if (Number(checks!.subs) !== expectedSubs) failures.push(`${checks!.subs} subscription rows for ${expectedSubs} subscriptions`);
    if (Number(checks!.timeline_twice) > 0) failures.push(`${checks!.timeline_twice} timeline changes recorded twice`);
    console.log(`database: ${kind}; ${workers} workers × concurrency 8 (in this process)`);
    console.log(`replay of ${count} dead events: queued in ${queueMs.toFixed(0)} ms, all settled in ${seconds.toFixed(1)} s → ${(count / seconds).toFixed(0)} events/s`);
    console.log(`settled: ${JSON.stringify(progress.byStatus)}; decisions ${JSON.stringify(progress.byDecision)}; worker attempts ${drained.reduce((n, d) => n + d.length, 0)}; racing replay queued ${second.queued}, ${Math.ceil(count / 10)} redeliveries`);
    console.log(`no effect doubled: ${failures.length === 0 ? "yes" : "NO"} (events processed twice ${checks!.twice}, subscriptions ${checks!.subs}/${expectedSubs}, timeline changes twice ${checks!.timeline_twice})`);
    for (const f of failures) console.log(`FAILED: ${f}`);
    return failures.length === 0;
  } finally {
    await closeDatabase();
    await cleanup();
  }
}
