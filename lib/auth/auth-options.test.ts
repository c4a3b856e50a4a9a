import { randomInt } from "node:crypto";
import { describe, expect, it, vi } from "vitest";

// Limits as an operator would set them, before lib/env parses the environment.
vi.hoisted(() => {
  process.env.BEACON_TRUST_PROXY = "true";
  process.env.BEACON_SIGNIN_LIMIT_PER_ACCOUNT = "3";
  process.env.BEACON_SIGNIN_LIMIT_PER_IP = "5";
});

const verified = vi.hoisted(() => ({ count: 0 }));
vi.mock("./password", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./password")>();
  return { ...actual, verifyPassword: (...args: Parameters<typeof actual.verifyPassword>) => (verified.count++, actual.verifyPassword(...args)) };
});

const { authOptions, authorizeCredentials } = await import("./auth-options");
const { createOwner } = await import("@/lib/testing/factories");
const { signInThrottled } = await import("@/lib/validations/auth");
const { freezeClockInsideWindow } = await import("@/lib/testing/freeze-clock");

const password = "correct horse battery";
// Every test its own address, so parallel files and tests never share an IP bucket.
const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const from = (ip: string) => ({ headers: { "x-forwarded-for": `203.0.113.9, ${ip}` } });

async function attempt(email: string, secret: string, ip: string) {
  try {
    return { user: await authorizeCredentials({ email, password: secret }, from(ip)) };
  } catch (error) {
    return { throttled: signInThrottled.parse((error as Error).message) };
  }
}

describe("next-auth redirect callback", () => {
  const redirect = authOptions.callbacks?.redirect;
  const baseUrl = "http://localhost:3210";

  it.each(["//evil.example/x", "/\\evil.example", "/%2F%2Fevil.example", "https://evil.example/", "javascript:alert(1)", "/\t/evil.example"])(
    "sends %j home instead of off-site",
    async (url) => {
      expect(redirect).toBeTypeOf("function");
      expect(await redirect!({ url, baseUrl })).toBe(`${baseUrl}/`);
    },
  );

  it("follows Beacon's own paths and URLs", async () => {
    expect(await redirect!({ url: "/acme/events?x=1", baseUrl })).toBe(`${baseUrl}/acme/events?x=1`);
    expect(await redirect!({ url: `${baseUrl}/acme`, baseUrl })).toBe(`${baseUrl}/acme`);
  });
});

describe("sign-in throttling", () => {
  freezeClockInsideWindow(15 * 60_000);

  it("refuses an account's attempts past its limit with the wait, without checking the password, even the right one", async () => {
    const owner = await createOwner("throttled");
    const email = owner.principal.type === "user" ? owner.principal.email : "";
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await attempt(email, "wrong password", randomIp()));
    expect(results.map((r) => ("user" in r ? r.user : "throttled"))).toEqual([null, null, null]);

    const before = verified.count;
    const refused = await attempt(email.toUpperCase(), password, randomIp());
    expect(refused).toHaveProperty("throttled");
    expect((refused as { throttled: number }).throttled).toBeGreaterThan(0);
    expect((refused as { throttled: number }).throttled).toBeLessThanOrEqual(15 * 60);
    expect(verified.count).toBe(before);
  });

  it("refuses one client IP past its limit across accounts, and not another IP", async () => {
    const ip = randomIp();
    const owners = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createOwner("by-ip")));
    const emails = owners.map((o) => (o.principal.type === "user" ? o.principal.email : ""));
    const results = [];
    for (const email of emails) results.push(await attempt(email, "wrong password", ip));
    expect(results.slice(0, 5).every((r) => "user" in r && r.user === null)).toBe(true);
    expect(results[5]).toHaveProperty("throttled");
    expect((await attempt(emails[5]!, password, randomIp())).user).toMatchObject({ email: emails[5] });
  });
});
