import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, expect, test } from "vitest";
import { db } from "@/db";
import { eventAttempts, subscriptions, subscriptionTimeline, webhookEvents } from "@/db/schema";
import { eventId, stripeEventBody, stripeSetup, stripeSignature } from "../testing/fixtures";

// Beacon spread over several machines, in miniature: three `beacon ingest` app processes take a
// shuffled stream of deliveries (10% duplicates, the same event often at two different apps) and
// three `beacon worker` processes process the inbox, all against one database. Every event must be
// stored once and processed once, and each subscription must end at its newest state.

const root = path.resolve(import.meta.dirname, "../../..");
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
});

function beacon(args: string[], ready: RegExp): Promise<RegExpMatchArray> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/beacon.ts", ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "warn", BEACON_WORKER: "false" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk;
      const match = output.match(ready);
      if (match) resolve(match);
    };
    child.stdout!.on("data", seen);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
    child.once("exit", (code) => reject(new Error(`beacon ${args.join(" ")} exited ${code}:\n${output}`)));
  });
}

test("3 app processes and 3 workers on one database: every delivery stored once, every event processed once", { timeout: 240_000 }, async () => {
  const setup = await stripeSetup("scale-out");
  const org = setup.owner.organization;
  const [apps] = await Promise.all([
    Promise.all([0, 1, 2].map(() => beacon(["ingest", "--port", "0", "--host", "127.0.0.1"], /listening on (http:\/\/[\d.]+:\d+)/))),
    // One event at a time each: a worker's claim batches newer states together, and with more at a
    // time one worker would settle every event between its neighbours' polls.
    ...[0, 1, 2].map(() => beacon(["worker", "--org", org.slug, "--concurrency", "1"], /processing .* events, 1 at a time/)),
  ]);
  const urls = apps.map((m) => `${m[1]}/api/webhooks/stripe`);

  // 20 subscriptions, 10 events each a few seconds apart (no same-second ties, so no provider re-fetch).
  const events = Array.from({ length: 200 }, (_, i) => {
    const subscription = `sub_scale_${i % 20}_${setup.account.id}`;
    const created = 1_970_000_000 + Math.floor(i / 20) * 5;
    const status = ["active", "past_due", "unpaid", "active", "canceled"][Math.floor(i / 20) % 5]!;
    const object = { id: subscription, object: "subscription", customer: `cus_scale_${i % 20}`, status, cancel_at_period_end: false, canceled_at: null, trial_end: null, items: { object: "list", data: [] } };
    return { id: eventId("evt_scale_"), subscription, created, status, object };
  });
  const deliveries = [...events, ...events.filter((_, i) => i % 10 === 0)].sort(() => Math.random() - 0.5);
  const bodies = new Map(events.map((e) => [e.id, stripeEventBody({ id: e.id, type: "customer.subscription.updated", account: setup.account.id, created: e.created, object: e.object })]));
  let next = 0;
  const statuses: number[] = [];
  await Promise.all(
    Array.from({ length: 12 }, async () => {
      while (next < deliveries.length) {
        const i = next++;
        const body = bodies.get(deliveries[i]!.id)!;
        const res = await fetch(urls[i % urls.length]!, { method: "POST", body, headers: { "content-type": "application/json", "stripe-signature": stripeSignature(body, [setup.secret]) } });
        statuses.push(res.status);
      }
    }),
  );
  expect(statuses.filter((s) => s !== 200)).toEqual([]);

  const ids = events.map((e) => e.id);
  const stored = () => db.select().from(webhookEvents).where(inArray(webhookEvents.providerEventId, ids));
  for (const deadline = Date.now() + 150_000; ; await new Promise((r) => setTimeout(r, 500))) {
    const rows = await stored();
    if (rows.length === ids.length && rows.every((r) => r.status === "processed")) break;
    if (Date.now() > deadline) throw new Error(`not all processed: ${JSON.stringify(rows.reduce<Record<string, number>>((n, r) => ({ ...n, [r.status]: (n[r.status] ?? 0) + 1 }), {}))}`);
  }

  const rows = await stored();
  expect(rows).toHaveLength(events.length);
  expect(rows.reduce((n, r) => n + r.deliveries, 0)).toBe(deliveries.length);
  expect(rows.filter((r) => r.attempts !== 1)).toEqual([]);
  const attempts = await db.select().from(eventAttempts).where(inArray(eventAttempts.eventId, rows.map((r) => r.id)));
  expect(attempts).toHaveLength(events.length);
  expect(attempts.every((a) => a.outcome === "processed")).toBe(true);
  // All three workers took part.
  expect(new Set(attempts.map((a) => a.worker.split(":")[1])).size).toBe(3);

  const newest = new Map<string, (typeof events)[number]>();
  for (const e of events) if ((newest.get(e.subscription)?.created ?? 0) < e.created) newest.set(e.subscription, e);
  const subs = await db.select().from(subscriptions).where(eq(subscriptions.organizationId, org.id));
  expect(subs).toHaveLength(20);
  for (const sub of subs) {
    const expected = newest.get(sub.providerSubscriptionId)!;
    expect([sub.providerSubscriptionId, sub.providerStatus, sub.stateAt.getTime()]).toEqual([expected.subscription, expected.status, expected.created * 1000]);
    const timeline = await db.select().from(subscriptionTimeline).where(and(eq(subscriptionTimeline.subscriptionId, sub.id), eq(subscriptionTimeline.field, "status"))).orderBy(subscriptionTimeline.id);
    for (let i = 1; i < timeline.length; i += 1) expect(timeline[i]!.fromValue).toBe(timeline[i - 1]!.toValue);
  }
});
