import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import nextConfig from "@/next.config";
import { config as proxyConfig, proxy } from "@/proxy";
import { contentSecurityPolicy, staticSecurityHeaders } from "./security-headers";

const byKey = (headers: { key: string; value: string }[]) => Object.fromEntries(headers.map((h) => [h.key.toLowerCase(), h.value]));

describe("security headers", () => {
  it("next.config sets nosniff, DENY framing, a referrer policy and a permissions policy on every path, and no-store on /api and /v1", async () => {
    const rules = await nextConfig.headers!();
    const all = rules.find((r) => r.source === "/:path*");
    expect(byKey(all!.headers)).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
      "permissions-policy": expect.stringContaining("camera=()"),
    });
    for (const source of ["/api/:path*", "/v1/:path((?!openapi\\.json$).*)"]) {
      const headers = byKey(rules.find((r) => r.source === source)!.headers);
      expect(headers["cache-control"]).toBe("no-store");
      expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    }
  });

  it("sends HSTS only in production behind an https public URL", () => {
    const hsts = (production: boolean, publicUrl: string) => byKey(staticSecurityHeaders({ production, publicUrl }))["strict-transport-security"];
    expect(hsts(true, "https://beacon.example.com")).toMatch(/^max-age=\d+/);
    expect(hsts(true, "http://localhost:3000")).toBeUndefined();
    expect(hsts(false, "https://beacon.example.com")).toBeUndefined();
  });

  it("gives each page a fresh nonce-based CSP, on the response and on the request Next renders from", () => {
    const first = proxy(new NextRequest("http://localhost:3000/sign-in"));
    const second = proxy(new NextRequest("http://localhost:3000/sign-in"));
    const policy = first.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    // NextResponse.next({ request: { headers } }) forwards overridden request headers this way.
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
  });

  it("leaves /api, /v1 and static files to next.config", () => {
    const pattern = new RegExp(`^${proxyConfig.matcher[0]!.source}$`);
    expect(pattern.test("/demo/events")).toBe(true);
    expect(pattern.test("/sign-in")).toBe(true);
    expect(pattern.test("/api/orgs")).toBe(false);
    expect(pattern.test("/v1/me")).toBe(false);
    expect(pattern.test("/_next/static/chunks/x.js")).toBe(false);
  });

  it("allows eval only outside production (React's development tools need it)", () => {
    expect(contentSecurityPolicy("n", { production: true, publicUrl: "" })).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("n", { production: false, publicUrl: "" })).toContain("unsafe-eval");
  });
});
