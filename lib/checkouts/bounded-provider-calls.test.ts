import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { checkouts, idempotencyKeys } from "@/db/schema";
import { env } from "@/lib/env";
import { inFlightLeaseSeconds } from "@/lib/idempotency/run-idempotent";
import { OrdersApi } from "conekta";
import { conektaConfig, stripeClient } from "@/lib/providers/clients";
import { checkoutOrg, confirmCheckoutById, postCheckout } from "@/lib/testing/checkouts";
import { connectConektaForTest } from "@/lib/testing/connections";

// A provider that hangs, swallows its answers or refuses connections, in front of the real
// sandbox (lib/testing/fault-proxy.ts), with the bounds made small so nothing really waits a minute:
// each attempt 1.5 s, all provider calls of one API request 4 s.
const proxy = await vi.hoisted(async () => {
  const { startFaultProxy } = await import("../testing/fault-proxy");
  const started = await startFaultProxy(process.env.BEACON_SANDBOX_URL!);
  process.env.BEACON_SANDBOX_URL = started.url;
  process.env.BEACON_PROVIDER_TIMEOUT_MS = "1500";
  process.env.BEACON_REQUEST_BUDGET_MS = "4000";
  return started;
});
afterEach(() => proxy.set("none"));
afterAll(() => proxy.stop());

type Org = Awaited<ReturnType<typeof checkoutOrg>>;
const rowsOf = (org: Org) => db.select().from(checkouts).where(eq(checkouts.organizationId, org.owner.organization.id));
const sessionsOf = async (org: Org) => (await stripeClient("test").checkout.sessions.list({ limit: 100 }, { stripeAccount: org.stripe!.accountId! })).data;
const lockSecondsLeft = async (org: Org, key: string) => {
  const [row] = await db
    .select({ left: sql<number>`extract(epoch from (${idempotencyKeys.lockedUntil} - now()))::float` })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.organizationId, org.owner.organization.id), eq(idempotencyKeys.key, key)));
  return row?.left ?? null;
};
const timed = async <T>(fn: () => Promise<T>) => {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
};
const budget = () => env.BEACON_REQUEST_BUDGET_MS;

describe("a provider that does not answer during checkout creation", () => {
  it("answers 504 'outcome unknown' within the budget, holds the key meanwhile, and a retry with the same key reconciles", async () => {
    const org = await checkoutOrg("hung-create");
    // A first checkout syncs the plan's price, so the hung request below makes one provider call.
    expect((await postCheckout(org.token, org.body({ customer: { email: "warm@example.com" } }), "warm")).status).toBe(201);
    // The provider makes the session, and its answer never comes back.
    await proxy.set("swallow");
    const first = postCheckout(org.token, org.body(), "hung-1");
    await new Promise((r) => setTimeout(r, 500));
    // In flight: the key is leased for longer than the request can possibly take, and a repeat is refused.
    expect(await lockSecondsLeft(org, "hung-1")).toBeGreaterThan(budget() / 1000 + 30);
    const repeat = await postCheckout(org.token, org.body(), "hung-1");
    expect(repeat.status).toBe(409);

    const { value: res, ms } = await timed(() => first);
    expect(res.status).toBe(504);
    expect(ms).toBeLessThan(budget() + 3_000);
    const problem = await res.json();
    expect(problem).toMatchObject({ code: "provider_timeout", outcome: "unknown", retryWithSameKey: true });
    expect(problem.detail).toMatch(/whether it was done is unknown/);
    expect(problem.detail).toMatch(/same Idempotency-Key is safe/);
    expect(problem.detail).not.toMatch(/nothing was (changed|saved)/i);
    expect(res.headers.get("retry-after")).toBeTruthy();
    expect(await rowsOf(org)).toHaveLength(1);
    // The provider is back, and did make it.
    await proxy.set("none");
    const made = await sessionsOf(org);
    expect(made).toHaveLength(2);

    // The retry sends the same provider idempotency key and gets that session.
    const retry = await postCheckout(org.token, org.body(), "hung-1");
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    // Beacon's two checkouts are exactly the provider's two sessions: the lost one was found, not made again.
    expect((await rowsOf(org)).map((r) => r.providerCheckoutId).sort()).toEqual(made.map((s) => s.id).sort());
    const replay = await postCheckout(org.token, org.body(), "hung-1");
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await sessionsOf(org)).toHaveLength(2);
    expect(await rowsOf(org)).toHaveLength(2);
  });

  it("a provider that accepts and never answers: 504 within the budget, however many calls the request chains", async () => {
    const org = await checkoutOrg("black-hole");
    await proxy.set("hang");
    // The first checkout of a plan also syncs its product and price: three provider calls, one budget.
    const { value: res, ms } = await timed(() => postCheckout(org.token, org.body(), "hole-1"));
    expect(res.status).toBe(504);
    expect(ms).toBeLessThan(budget() + 3_000);
    expect(await lockSecondsLeft(org, "hole-1")).toBeNull();
    await proxy.set("none");
    expect((await postCheckout(org.token, org.body(), "hole-1")).status).toBe(201);
  });

  it("a refused connection is 503: nothing was sent, so nothing was changed", async () => {
    const org = await checkoutOrg("refused-create");
    await proxy.set("refuse");
    const res = await postCheckout(org.token, org.body(), "refused-1");
    expect(res.status).toBe(503);
    const problem = await res.json();
    expect(problem).toMatchObject({ code: "unavailable" });
    expect(problem.detail).toMatch(/nothing was sent/);
    await proxy.set("none");
    expect((await postCheckout(org.token, org.body(), "refused-1")).status).toBe(201);
    expect(await sessionsOf(org)).toHaveLength(1);
  });
});

describe("Conekta, which has no idempotency keys, answering nothing during checkout creation", () => {
  it("504 'outcome unknown'; the retry with the same key makes one order, once", async () => {
    const org = await checkoutOrg("hung-conekta", { stripe: false });
    const connection = await connectConektaForTest(org.owner);
    const orders = async () => (await new OrdersApi(conektaConfig(connection.privateKey)).getOrders("en", undefined, 50)).data.data ?? [];
    const buyer = (email: string) => ({ provider: "conekta", customer: { email, name: "Ana López", phone: "+52 55 1234 5678" } });
    // The first checkout syncs the plan, so the hung request below makes the order call only.
    expect((await postCheckout(org.token, org.body(buyer("warm@example.com")), "cnk-warm")).status).toBe(201);
    await proxy.set("swallow");
    const { value: res, ms } = await timed(() => postCheckout(org.token, org.body(buyer("ana@example.com")), "cnk-hung"));
    expect(res.status).toBe(504);
    expect(ms).toBeLessThan(budget() + 3_000);
    expect(await res.json()).toMatchObject({ code: "provider_timeout", outcome: "unknown", retryWithSameKey: true });
    await proxy.set("none");
    expect((await postCheckout(org.token, org.body(buyer("ana@example.com")), "cnk-hung")).status).toBe(201);
    expect((await postCheckout(org.token, org.body(buyer("ana@example.com")), "cnk-hung")).headers.get("idempotent-replayed")).toBe("true");
    // One order per checkout at the provider, and Beacon's rows are exactly those orders.
    const made = await orders();
    expect(made).toHaveLength(2);
    expect((await rowsOf(org)).map((r) => r.providerCheckoutId).sort()).toEqual(made.map((o) => o.id).sort());
  });
});

describe("a provider that does not answer during confirmation", () => {
  it("hung: 504 within the budget and the checkout stays open; refused: 503; back: confirmed", async () => {
    const org = await checkoutOrg("hung-confirm");
    const created = await (await postCheckout(org.token, org.body(), "confirm-1")).json();
    await proxy.set("hang");
    const { value: hung, ms } = await timed(() => confirmCheckoutById(org.token, created.id));
    expect(hung.status).toBe(504);
    expect(ms).toBeLessThan(budget() + 3_000);
    await proxy.set("refuse");
    expect((await confirmCheckoutById(org.token, created.id)).status).toBe(503);
    await proxy.set("none");
    const back = await confirmCheckoutById(org.token, created.id);
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ id: created.id, status: "open" });
  });
});

it("the Idempotency-Key lease outlasts the request budget by a minute", () => {
  expect(inFlightLeaseSeconds * 1000).toBeGreaterThanOrEqual(env.BEACON_REQUEST_BUDGET_MS + 60_000);
});
