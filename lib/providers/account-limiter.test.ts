import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { loadConnectionHandle } from "@/lib/connections/load-connection";
import { env } from "@/lib/env";
import { connectStripeForTest } from "@/lib/testing/connections";
import { createOwner } from "@/lib/testing/factories";
import { getAdapter } from ".";
import { AccountLimiter } from "./account-limiter";
import { accountLimiter } from "./call-bounds";

describe("AccountLimiter (a token bucket per account)", () => {
  it("lets a burst through, then one call per 1/rate seconds, each account on its own", async () => {
    let now = 0;
    const limiter = new AccountLimiter(10, 3, () => now);
    for (let i = 0; i < 3; i += 1) await limiter.take("a");
    expect(limiter.waitFor("a")).toBe(100);
    expect(limiter.waitFor("b")).toBe(0);
    now += 250;
    expect(limiter.waitFor("a")).toBe(0);
    await limiter.take("a");
    await limiter.take("a");
    expect(limiter.waitFor("a")).toBeCloseTo(50);
  });

  it("a wait ends when the caller's signal aborts, and gives its place back", async () => {
    const limiter = new AccountLimiter(1, 1, () => 0);
    await limiter.take("a");
    const abort = new AbortController();
    const waiting = limiter.take("a", abort.signal);
    abort.abort(new Error("budget spent"));
    await expect(waiting).rejects.toThrow("budget spent");
    expect(limiter.waitFor("a")).toBe(1000);
  });
});

describe("provider calls from the worker and reconcile go through it", () => {
  afterAll(() => accountLimiter.configure(env.BEACON_PROVIDER_ACCOUNT_RPS, env.BEACON_PROVIDER_ACCOUNT_BURST));

  it("a busy account's calls are paced; another account's are not held up", async () => {
    const owner = await createOwner("limited");
    const busy = await loadConnectionHandle(db, (await connectStripeForTest(owner)).id);
    const other = await connectStripeForTest(await createOwner("unlimited"));
    accountLimiter.configure(4, 2);
    const adapter = getAdapter("stripe");
    const started = performance.now();
    // Reconcile lists an account's subscriptions: six lists, 2 at once and then 4 per second.
    const lists = Promise.all(Array.from({ length: 6 }, () => adapter.listSubscriptions(busy)));
    const busyKey = `stripe:${busy.connection.accountId}`;
    for (const until = Date.now() + 5_000; accountLimiter.waitFor(busyKey) === 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    expect(accountLimiter.waitFor(busyKey)).toBeGreaterThan(0);
    expect(accountLimiter.waitFor(`stripe:${other.accountId}`)).toBe(0);
    await lists;
    expect(performance.now() - started).toBeGreaterThanOrEqual(((6 - 2) / 4) * 1000 - 50);
  });
});
