import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";

// The token limit is this file's own: lib/env is replaced for this module graph only, so no
// other test file (or a later one in the same worker) sees a changed process.env.
vi.mock("@/lib/env", async (importOriginal) => {
  const { env } = await importOriginal<typeof import("@/lib/env")>();
  return { env: Object.create(env, { BEACON_RATE_LIMIT_PER_MINUTE: { value: 3 } }) };
});

import { GET as getMe } from "@/app/v1/me/route";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { listCheckoutsPage } from "@/lib/testing/checkouts";
import { createOwner } from "@/lib/testing/factories";
import { enforceTokenRateLimit, hitRateLimit } from "./rate-limit";

// Ten seconds into a minute: every request of a test falls in one window, whenever it runs.
const frozen = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 10_000);
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(frozen);
});
afterEach(() => vi.useRealTimers());

describe("rate limit per API token", () => {
  it("answers 429 with Retry-After past the limit, per token, and resets with the next window", async () => {
    const owner = await createOwner("limits");
    const a = await createApiToken({ ctx: owner, input: { name: "a", scopes: ["read"], mode: "test" } });
    const b = await createApiToken({ ctx: owner, input: { name: "b", scopes: ["read"], mode: "test" } });
    // The counter is in the database: a count from "another process" (a direct call) counts too.
    await enforceTokenRateLimit(a.id);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await listCheckoutsPage(a.token)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await listCheckoutsPage(a.token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    expect(limited.headers.get("retry-after")).toBe("50");
    expect(await limited.json()).toMatchObject({ code: "rate_limited", limit: 3, retryAfter: 50 });
    expect((await listCheckoutsPage(b.token)).status).toBe(200);
    await expect(enforceTokenRateLimit(a.id, new Date(frozen.getTime() + 60_000))).resolves.toBeUndefined();
  });

  it("limits every /v1 route, /v1/me included, because withApiToken counts each call", async () => {
    const owner = await createOwner("limits-me");
    const { token } = await createApiToken({ ctx: owner, input: { name: "me", scopes: ["read"], mode: "test" } });
    const call = () => getMe(new Request("http://beacon.test/v1/me", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call()).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

describe("hitRateLimit", () => {
  const rule = { limit: 2, windowMs: 15 * 60_000 };
  const start = new Date("2031-03-01T10:00:00Z");
  const at = (ms: number) => new Date(start.getTime() + ms);

  it("counts per bucket within a fixed window and says how long until it ends", async () => {
    const bucket = `test:${randomUUID()}`;
    expect(await hitRateLimit(bucket, rule, at(0))).toMatchObject({ allowed: true, count: 1 });
    expect(await hitRateLimit(bucket, rule, at(1_000))).toMatchObject({ allowed: true, count: 2 });
    expect(await hitRateLimit(bucket, rule, at(60_000))).toEqual({ allowed: false, count: 3, limit: 2, retryAfter: 14 * 60 });
    expect(await hitRateLimit(`test:${randomUUID()}`, rule, at(60_000))).toMatchObject({ allowed: true, count: 1 });
    expect(await hitRateLimit(bucket, rule, at(15 * 60_000))).toMatchObject({ allowed: true, count: 1, retryAfter: 15 * 60 });
  });
});
