import { beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/session";
import { buildRequest, callHandler, httpMethods, isMutation, loadRoute } from "./harness";
import { orgFootprint } from "./fuzz-kit";
import { routeTable, urlPath, type Method } from "./route-table";
import { seedOrg, type SeededOrg } from "./seed";

// CSRF-shaped requests to every dashboard mutation (and the signed-in user's own): the owner's own session, a valid body, but
// sent from another site (wrong or missing Origin) or as a form a browser may post cross-site.
// lib/api/with-session.ts refuses them (403 for the origin, 415 for the type) before the handler
// runs. The matrix and fuzzers send a same-origin Origin and JSON, so they test authorization.

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user }));

const mutations = Object.entries(routeTable).filter(([, e]) => e.family === "session" || e.family === "user");

describe("CSRF: every dashboard mutation from another site", () => {
  let org: SeededOrg;
  beforeAll(async () => {
    org = await seedOrg("csrf");
    if (org.owner.principal.type === "user") session.user = { id: org.owner.principal.id, email: org.owner.principal.email, name: null };
  }, 120_000);

  it.each(mutations)("%s refuses cross-site requests and writes nothing", async (file, entry) => {
    const mod = await loadRoute(file);
    for (const method of httpMethods.filter((m): m is Method => isMutation(m) && typeof mod[m] === "function")) {
      const params = { ...(entry.params?.(org, org) ?? {}), org: org.ids.slug };
      const body = entry.body?.[method]?.(org, org) ?? {};
      const before = await orgFootprint(org.ids.org);
      const crossSite = [
        { origin: "https://evil.example", "content-type": "application/json" },
        { origin: "null", "content-type": "application/json" },
        { origin: "https://evil.example", "content-type": "text/plain" },
        { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      ];
      for (const headers of crossSite) {
        const res = await callHandler(mod, method, buildRequest(urlPath(file, params), method, null, body, headers), params);
        expect([403, 415], `${method} ${file} ${JSON.stringify(headers)}`).toContain(res.status);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
      }
      // No Origin at all (a same-origin fetch always sends one).
      const req = buildRequest(urlPath(file, params), method, null, body);
      req.headers.delete("origin");
      expect((await callHandler(mod, method, req, params)).status, `${method} ${file} without Origin`).toBe(403);
      expect(await orgFootprint(org.ids.org)).toBe(before);
    }
  });
});
