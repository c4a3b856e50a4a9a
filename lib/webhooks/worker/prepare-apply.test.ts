import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, test, vi } from "vitest";
import { db } from "@/db";
import { auditLog, eventAttempts, providerConnections, subscriptions, webhookEvents } from "@/db/schema";
import { getAdapter } from "@/lib/providers";
import { deliverStripe, eventId, stripeEventBody, stripeSetup, storedEvent } from "../testing/fixtures";
import { createPrice, subscribeInSandbox } from "../testing/sandbox-billing";
import { RetryAttempt } from "../handlers/types";
import { claimEvents } from "./claim-events";
import { processEvent } from "./process-event";
import { withPreparedStatements } from "./prepared-statements";
import { drainEvents } from "./run-worker";

// Prepare calls providers; apply only writes, in the transaction that re-checks the lease.

const policy = { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 };
// The workers' view of the pool (every statement prepared): the transactions to watch open there.
const workerDb = withPreparedStatements(db);
type Setup = Awaited<ReturnType<typeof stripeSetup>>;
/** The claim's own transaction (claimWork), which the spies below let through: they stand for what happens to an attempt's. */
const claiming = () => new Error().stack!.includes("claimWork");

afterEach(() => {
  vi.restoreAllMocks();
});

async function deliver(setup: Setup, type: string, created: number, object: Record<string, unknown>) {
  const id = eventId();
  expect((await deliverStripe(stripeEventBody({ id, type, account: setup.account.id, created, object }), setup.secret)).status).toBe(200);
  return id;
}

const subscriptionObject = (id: string, customer: string, status: string) => ({
  id,
  object: "subscription",
  customer,
  status,
  cancel_at_period_end: false,
  canceled_at: null,
  trial_end: null,
  items: { object: "list", data: [] },
});

/**
 * A subscription event whose attempt is overtaken between prepare and apply: prepare sees an
 * older state (nothing to re-fetch), then another worker commits a state of the same second
 * before this attempt's transaction begins. Every re-fetch is recorded with whether a
 * transaction was open at the time.
 */
async function overtakenBySameSecondState() {
  const setup = await stripeSetup("same-second");
  const org = setup.owner.organization.id;
  const price = await createPrice(setup.account.id);
  const { subscriptionId, customerId } = await subscribeInSandbox(setup.account.id, price.id);
  const t = Math.floor(Date.now() / 1000);
  await deliver(setup, "customer.subscription.created", t - 10, subscriptionObject(subscriptionId, customerId, "incomplete"));
  expect(await drainEvents({ db, concurrency: 1, name: "first", policy, organizationId: org })).toEqual(["processed"]);
  const id = await deliver(setup, "customer.subscription.updated", t, subscriptionObject(subscriptionId, customerId, "past_due"));

  let open = 0;
  const transaction = workerDb.transaction.bind(workerDb);
  let overtaken = false;
  vi.spyOn(workerDb, "transaction").mockImplementation((async (run: Parameters<typeof db.transaction>[0], config?: Parameters<typeof db.transaction>[1]) => {
    if (!overtaken && !claiming()) {
      overtaken = true;
      await db.update(subscriptions).set({ stateAt: new Date(t * 1000 + 500) }).where(eq(subscriptions.providerSubscriptionId, subscriptionId));
    }
    return transaction(async (tx) => {
      open += 1;
      try {
        return await run(tx);
      } finally {
        open -= 1;
      }
    }, config);
  }) as typeof db.transaction);
  const adapter = getAdapter("stripe");
  const retrieve = adapter.retrieveSubscription.bind(adapter);
  const refetches: { inTransaction: boolean }[] = [];
  vi.spyOn(adapter, "retrieveSubscription").mockImplementation(async (handle, ref) => {
    refetches.push({ inTransaction: open > 0 });
    return retrieve(handle, ref);
  });
  const outcomes = await drainEvents({ db, concurrency: 1, name: "second", policy, organizationId: org });
  return { id, subscriptionId, outcomes, refetches };
}

describe("a same-second state applied meanwhile", () => {
  test("is re-fetched from the provider with no database transaction open", async () => {
    const { subscriptionId, refetches } = await overtakenBySameSecondState();
    expect(refetches.length).toBeGreaterThan(0);
    expect(refetches).toEqual(refetches.map(() => ({ inTransaction: false })));
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.providerSubscriptionId, subscriptionId));
    expect(row).toMatchObject({ status: "active", providerStatus: "active" });
  });

  test("makes the attempt prepare again, re-fetching before its transaction", async () => {
    const { id, outcomes } = await overtakenBySameSecondState();
    expect(outcomes).toEqual(["processed"]);
    const event = await storedEvent(id);
    expect(event).toMatchObject({ status: "processed", decision: "refetched", attempts: 1, lastError: null });
    const attempts = await db.select().from(eventAttempts).where(eq(eventAttempts.eventId, event!.id)).orderBy(eventAttempts.id);
    expect(attempts.map((a) => a.outcome)).toEqual(["processed"]);
    const messages = attempts[0]!.logs.map((l) => l.message).join("\n");
    expect(messages).toMatch(/a state of the same second was applied .*; preparing again/);
    expect(messages).toContain("same-second tie");
  });

  test("gives way to a retry, which never uses up the event's last attempt, when the tie keeps coming back", async () => {
    const setup = await stripeSetup("tie-again");
    const org = setup.owner.organization.id;
    const id = await deliver(setup, "customer.subscription.created", Math.floor(Date.now() / 1000), subscriptionObject("sub_tie_again", "cus_tie_again", "active"));
    // Workers racing on one object: every round of the first attempt finds a tie under its lock.
    const transaction = workerDb.transaction.bind(workerDb);
    let ties = 0;
    vi.spyOn(workerDb, "transaction").mockImplementation((async (run: Parameters<typeof db.transaction>[0], config?: Parameters<typeof db.transaction>[1]) => {
      if (ties < 3 && !claiming()) {
        ties += 1;
        throw new RetryAttempt("a state of the same second was applied to sub_tie_again meanwhile");
      }
      return transaction(run, config);
    }) as typeof db.transaction);
    const outcomes = await drainEvents({ db, concurrency: 1, name: "racing", policy: { ...policy, maxAttempts: 1 }, organizationId: org });
    expect(outcomes).toEqual(["failed", "processed"]);
    const event = await storedEvent(id);
    expect(event).toMatchObject({ status: "processed", attempts: 2 });
    const attempts = await db.select().from(eventAttempts).where(eq(eventAttempts.eventId, event!.id)).orderBy(eventAttempts.id);
    expect(attempts.map((a) => a.outcome)).toEqual(["failed", "processed"]);
    expect(attempts[0]!.error).toMatch(/^Retry: a state of the same second was applied/);
    expect(attempts[0]!.logs.filter((l) => l.message.endsWith("preparing again"))).toHaveLength(2);
  });
});

describe("a worker that lost its lease", () => {
  test.each([
    ["account.application.deauthorized", { id: "ca_beacon", object: "application" }],
    ["account.updated", undefined],
  ])("commits nothing the %s handler prepared", async (type, object) => {
    const setup = await stripeSetup("lease-lost");
    const org = setup.owner.organization.id;
    const id = await deliver(setup, type, Math.floor(Date.now() / 1000), object ?? { id: setup.account.id, object: "account" });
    const [claimed] = await claimEvents(db, "zombie", 1, 60_000, org);
    expect(claimed!.providerEventId).toBe(id);
    // Its lease ran out before it got to the event, and another worker took the event over.
    await db.update(webhookEvents).set({ leaseOwner: "rescuer" }).where(eq(webhookEvents.id, claimed!.id));

    expect(await processEvent(db, claimed!, { worker: "zombie", policy })).toBe("lease_lost");
    const [connection] = await db.select().from(providerConnections).where(eq(providerConnections.id, setup.connection.id));
    expect(connection).toMatchObject({ status: "enabled", disconnectedAt: null, lastSyncedAt: setup.connection.lastSyncedAt, updatedAt: setup.connection.updatedAt });
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.organizationId, org), eq(auditLog.targetId, setup.connection.id)));
    expect(audits).toEqual([]);
  });
});
