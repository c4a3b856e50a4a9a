import { eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { db } from "@/db";
import { subscriptions, webhookEvents } from "@/db/schema";
import { loadConnectionHandle } from "@/lib/connections/load-connection";
import { getAdapter } from "@/lib/providers";
import { stripeClient } from "@/lib/providers/clients";
import { deliverStripe, stripeSetup } from "./testing/fixtures";
import { accountEvents, createPrice, subscribeInSandbox } from "./testing/sandbox-billing";
import { advanceSandboxClock } from "./testing/sandbox-control";
import { reconcileConnection } from "./reconcile/reconcile-connection";
import { drainEvents } from "./worker/run-worker";

// A deterministic shuffle, so a failure reproduces.
function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  const next = () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A merchant's month in the sandbox: checkouts, plan changes, cancellations, pauses, renewals, failed payments. */
async function generateActivity(account: string, count: number) {
  const stripe = stripeClient("test");
  const opts = { stripeAccount: account };
  const price = await createPrice(account, 2_000);
  const upgrade = await createPrice(account, 5_000);
  const subs = [];
  for (let i = 0; i < count; i += 1) {
    const card = i % 5 === 4 ? "4000000000000341" : "4242424242424242";
    subs.push(await subscribeInSandbox(account, price.id, { card, trialDays: i % 6 === 5 ? 90 : undefined }));
  }
  for (const [i, { subscriptionId }] of subs.entries()) {
    if (i % 3 === 0) await stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true }, opts);
    if (i % 9 === 0) await stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: false }, opts);
    if (i % 4 === 1) {
      const current = await stripe.subscriptions.retrieve(subscriptionId, {}, opts);
      await stripe.subscriptions.update(subscriptionId, { items: [{ id: current.items.data[0]!.id, price: upgrade.id }] }, opts);
    }
    if (i % 8 === 2) await stripe.subscriptions.update(subscriptionId, { pause_collection: { behavior: "void" } }, opts);
    if (i % 7 === 6) await stripe.subscriptions.cancel(subscriptionId, {}, opts);
  }
  await advanceSandboxClock(31 * 86_400);
  await advanceSandboxClock(2 * 86_400);
}

async function expectConverged(connectionId: string) {
  const handle = await loadConnectionHandle(db, connectionId);
  const remote = await getAdapter("stripe").listSubscriptions(handle);
  const local = await db.select().from(subscriptions).where(eq(subscriptions.connectionId, connectionId));
  expect(local).toHaveLength(remote.length);
  for (const r of remote) {
    const l = local.find((s) => s.providerSubscriptionId === r.providerSubscriptionId);
    expect({ id: r.providerSubscriptionId, ...l && { status: l.status, providerStatus: l.providerStatus, cancelAtPeriodEnd: l.cancelAtPeriodEnd, currentPeriodEnd: l.currentPeriodEnd, trialEnd: l.trialEnd } }).toEqual({
      id: r.providerSubscriptionId,
      status: r.status,
      providerStatus: r.providerStatus,
      cancelAtPeriodEnd: r.cancelAtPeriodEnd,
      currentPeriodEnd: r.currentPeriodEnd,
      trialEnd: r.trialEnd,
    });
  }
  return remote;
}

test("1,000+ sandbox events delivered shuffled with duplicates end in exactly the sandbox's final states", { timeout: 180_000 }, async () => {
  const setup = await stripeSetup("convergence");
  const since = Math.floor(Date.now() / 1000) - 5;
  await generateActivity(setup.account.id, 72);
  const org = setup.owner.organization.id;
  const delivered = new Set<string>();
  let sent = 0;
  // The sandbox's clock is shared with other test files: if one moves it while this test runs,
  // renewals add events here too. Deliver until a listing brings nothing new, then compare.
  for (let round = 0; ; round += 1) {
    const fresh = (await accountEvents(setup.account.id, since)).filter((e) => !delivered.has(e.id));
    if (fresh.length === 0) break;
    if (round === 0) expect(fresh.length).toBeGreaterThanOrEqual(1_000);
    const bodies = fresh.map((e) => JSON.stringify(e));
    const deliveries = shuffle([...bodies, ...bodies.filter((_, i) => i % 20 === 0)], 42 + round);
    // Delivered concurrently, eight at a time, while two workers process.
    const workers = [0, 1].map((n) => drainEvents({ db, concurrency: 4, name: `convergence-${n}`, organizationId: org }));
    for (let i = 0; i < deliveries.length; i += 8) {
      const answers = await Promise.all(deliveries.slice(i, i + 8).map((body) => deliverStripe(body, setup.secret)));
      expect(answers.every((a) => a.status === 200)).toBe(true);
    }
    await Promise.all(workers);
    await Promise.all([0, 1].map((n) => drainEvents({ db, concurrency: 4, name: `convergence-${n}`, organizationId: org })));
    fresh.forEach((e) => delivered.add(e.id));
    sent += deliveries.length;
  }

  const stored = await db.select().from(webhookEvents).where(eq(webhookEvents.organizationId, org));
  expect(stored).toHaveLength(delivered.size);
  expect(stored.reduce((sum, e) => sum + e.deliveries, 0)).toBe(sent);
  expect(stored.filter((e) => e.status !== "processed" && e.status !== "ignored").map((e) => `${e.type}: ${e.lastError}`)).toEqual([]);
  const remote = await expectConverged(setup.connection.id);
  expect(new Set(remote.map((r) => r.providerStatus)).size).toBeGreaterThanOrEqual(4);
});

test("reconciliation recovers dropped events and reports no drift afterwards", { timeout: 120_000 }, async () => {
  const setup = await stripeSetup("reconcile");
  const since = new Date(Date.now() - 5_000);
  await generateActivity(setup.account.id, 10);
  const events = await accountEvents(setup.account.id, Math.floor(since.getTime() / 1000));
  // Half the deliveries never arrive (an outage).
  const delivered = events.filter((_, i) => i % 2 === 0);
  for (const event of delivered) expect((await deliverStripe(JSON.stringify(event), setup.secret)).status).toBe(200);
  await drainEvents({ db, concurrency: 4, organizationId: setup.owner.organization.id });

  const preview = await reconcileConnection(db, setup.connection.id, { since, dryRun: true });
  expect(preview.eventsRecovered).toBeGreaterThanOrEqual(events.length - delivered.length);
  const report = await reconcileConnection(db, setup.connection.id, { since });
  expect(report.eventsRecovered).toBeGreaterThanOrEqual(events.length - delivered.length);
  // Another test file may move the shared sandbox clock meanwhile: reconcile until caught up.
  for (let i = 0; i < 3 && (await reconcileConnection(db, setup.connection.id, { since, dryRun: true })).eventsRecovered > 0; i += 1) {
    await reconcileConnection(db, setup.connection.id, { since });
  }
  expect(await reconcileConnection(db, setup.connection.id, { since, dryRun: true })).toMatchObject({ eventsRecovered: 0, drift: [] });
  await expectConverged(setup.connection.id);
  const recovered = await db.select().from(webhookEvents).where(eq(webhookEvents.deliveries, 0));
  expect(recovered.filter((e) => e.organizationId === setup.owner.organization.id).length).toBeGreaterThanOrEqual(events.length - delivered.length);
});
