import fc from "fast-check";
import { afterAll, beforeAll, describe, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/session";
import { buildRequest, callHandler, httpMethods, isMutation, loadRoute } from "./harness";
import { assertProblemContract, bodyNear, contentType, countStatus, fuzzCheck, fuzzStats, orgFootprint } from "./fuzz-kit";
import { routeTable, urlPath, type Method } from "./route-table";
import { seedOrg, type SeededOrg } from "./seed";

// Every dashboard mutation (POST/PUT/PATCH/DELETE under /api/orgs/{org}/…, and the signed-in
// user's own: creating an organization, accepting an invitation link), as the organization's owner, with bodies, content types and path ids that are almost right: never a
// 5xx, refusals are problem+json naming the fault, and a refusal leaves every row as it was.

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user }));

let org: SeededOrg;
beforeAll(async () => {
  org = await seedOrg("fuzz-dash");
  if (org.owner.principal.type === "user") session.user = { id: org.owner.principal.id, email: org.owner.principal.email, name: null };
}, 120_000);
afterAll(() => console.log(`fuzz dashboard mutations: ${fuzzStats.runs} runs`, fuzzStats.statuses));

const mutations = Object.entries(routeTable).filter(([, e]) => e.family === "session" || e.family === "user");
const idLike = fc.oneof(fc.uuid(), fc.string({ maxLength: 60 }), fc.constantFrom("", "..", "%00", "00000000-0000-0000-0000-000000000000"));

describe("fuzzing the dashboard's mutations", () => {
  it.each(mutations)("%s", async (file, entry) => {
    const mod = await loadRoute(file);
    const methods = httpMethods.filter((m): m is Method => isMutation(m) && typeof mod[m] === "function");
    for (const method of methods) {
      const valid = (entry.body?.[method]?.(org, org) ?? {}) as Record<string, unknown>;
      const realParams = entry.params?.(org, org) ?? {};
      // Path ids: usually the organization's own, sometimes anything.
      const params = fc.record(Object.fromEntries(Object.entries(realParams).map(([k, v]) => [k, fc.oneof({ weight: 3, arbitrary: fc.constant(v) }, idLike)])));
      await fuzzCheck(
        fc.asyncProperty(bodyNear(valid), contentType, params, async (body, type, ids) => {
          const filled = { ...(ids as Record<string, string>), org: org.ids.slug };
          const before = await orgFootprint(org.ids.org);
          const res = await callHandler(mod, method, buildRequest(urlPath(file, filled), method, null, body, { "content-type": type }), filled);
          countStatus(res.status);
          await assertProblemContract(res, `${method} ${file} ${JSON.stringify(filled)} ${body.slice(0, 200)}`);
          if (res.status >= 400 && (await orgFootprint(org.ids.org)) !== before) {
            throw new Error(`${method} ${file}: a refused request (${res.status}) changed the organization's rows: ${body.slice(0, 200)}`);
          }
        }),
        15,
      );
    }
  });
});
