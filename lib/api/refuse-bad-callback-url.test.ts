import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/auth/[...nextauth]/route";
import { refuseBadCallbackUrl } from "./refuse-bad-callback-url";

const params = { params: Promise.resolve({ nextauth: ["session"] }) };

describe("next-auth with a malformed callbackUrl", () => {
  it.each(["%E0%A4%A", "//evil.example/x", "https://evil.example/"])("answers 400 problem+json to ?callbackUrl=%s, not 500", async (value) => {
    const response = await GET(new Request(`http://localhost:3000/api/auth/session?callbackUrl=${value}`), params);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ code: "bad_request", detail: "callbackUrl must be a path on Beacon." });
  });

  it("clears a callback-url cookie next-auth could not parse", () => {
    const request = new Request("http://localhost:3000/api/auth/session", { headers: { cookie: "a=b; next-auth.callback-url=%E0%A4%A" } });
    const response = refuseBadCallbackUrl(request);
    expect(response?.status).toBe(400);
    expect(response?.headers.get("set-cookie")).toMatch(/^next-auth\.callback-url=; Path=\/; Max-Age=0/);
  });

  it("lets paths, Beacon's own URLs and no callbackUrl through to next-auth", () => {
    for (const value of ["/acme", "/", "http%3A%2F%2Flocalhost%3A3000%2Facme", "http%3A%2F%2Flocalhost%3A3000"]) {
      expect(refuseBadCallbackUrl(new Request(`http://localhost:3000/api/auth/signin?callbackUrl=${value}`))).toBeNull();
    }
    const cookie = `next-auth.callback-url=${encodeURIComponent("http://localhost:3000/acme")}`;
    expect(refuseBadCallbackUrl(new Request("http://localhost:3000/api/auth/session", { headers: { cookie } }))).toBeNull();
  });
});
