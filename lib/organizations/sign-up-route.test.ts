import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.BEACON_TRUST_PROXY = "true";
  process.env.BEACON_SIGNUP_LIMIT_PER_IP = "3";
});

const { db } = await import("@/db");
const { memberships, users } = await import("@/db/schema");
const { POST: signUpRoute } = await import("@/app/api/sign-up/route");
const { uniqueEmail } = await import("@/lib/testing/factories");
const { sessionRequest } = await import("@/lib/testing/session-requests");
const { freezeClockInsideWindow } = await import("@/lib/testing/freeze-clock");

const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

function postSignUp(body: Record<string, unknown>, ip = randomIp(), headers: Record<string, string> = {}) {
  return signUpRoute(sessionRequest("/api/sign-up", { method: "POST", json: body, headers: { "x-forwarded-for": ip, ...headers } }));
}

const form = (email: string, name = "Ana") => ({ name, email, password: "correct horse battery", organizationName: `${name} Org` });

describe("POST /api/sign-up", () => {
  freezeClockInsideWindow(60 * 60_000);

  it("answers a new and an already registered email alike, and creates nothing for the second", async () => {
    const email = uniqueEmail("twice");
    const first = await postSignUp(form(email));
    const second = await postSignUp({ ...form(email.toUpperCase(), "Mallory"), password: "mallory's password" });
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.headers.get("content-type")).toBe(first.headers.get("content-type"));
    expect(await second.json()).toEqual(await first.json());

    const rows = await db.select().from(users).where(eq(users.email, email));
    expect(rows.map((r) => r.name)).toEqual(["Ana"]);
    expect(await db.select().from(memberships).where(eq(memberships.userId, rows[0]!.id))).toHaveLength(1);
  });

  it("refuses a cross-site or non-JSON sign-up", async () => {
    expect((await postSignUp(form(uniqueEmail("csrf")), randomIp(), { origin: "https://evil.example" })).status).toBe(403);
    const text = await signUpRoute(
      sessionRequest("/api/sign-up", { method: "POST", headers: { "content-type": "text/plain", "x-forwarded-for": randomIp() } }),
    );
    expect(text.status).toBe(415);
  });

  it("throttles sign-ups per client address with 429 and Retry-After", async () => {
    const ip = randomIp();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await postSignUp(form(uniqueEmail("flood")), ip)).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    const limited = await postSignUp(form(uniqueEmail("flood")), ip);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: "rate_limited", limit: 3 });
    expect((await postSignUp(form(uniqueEmail("other")), randomIp())).status).toBe(202);
  });
});
