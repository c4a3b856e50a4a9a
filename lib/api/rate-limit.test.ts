import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getMe } from "@/app/v1/me/route";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { env } from "@/lib/env";
import { listCheckoutsPage } from "@/lib/testing/checkouts";
import { createOwner } from "@/lib/testing/factories";
import { enforceRateLimit } from "./rate-limit";

const limits = env as { BEACON_RATE_LIMIT_PER_MINUTE: number };
const original = limits.BEACON_RATE_LIMIT_PER_MINUTE;
beforeAll(() => void (limits.BEACON_RATE_LIMIT_PER_MINUTE = 3));
afterAll(() => void (limits.BEACON_RATE_LIMIT_PER_MINUTE = original));

describe("rate limit per API token", () => {
  it("answers 429 with Retry-After past the limit, per token, and resets with the next window", async () => {
    const owner = await createOwner("limits");
    const a = await createApiToken({ ctx: owner, input: { name: "a", scopes: ["read"], mode: "test" } });
    const b = await createApiToken({ ctx: owner, input: { name: "b", scopes: ["read"], mode: "test" } });
    // The counter is in the database: a count from "another process" (a direct call) counts too.
    await enforceRateLimit(a.id);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await listCheckoutsPage(a.token)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await listCheckoutsPage(a.token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.json()).toMatchObject({ code: "rate_limited", limit: 3 });
    expect((await listCheckoutsPage(b.token)).status).toBe(200);
    await expect(enforceRateLimit(a.id, new Date(Date.now() + 60_000))).resolves.toBeUndefined();
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
