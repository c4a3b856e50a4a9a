import fc from "fast-check";
import { afterAll, beforeAll, describe, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/session";
import { buildRequest, callHandler, loadRoute } from "./harness";
import { assertProblemContract, countStatus, fuzzCheck, fuzzStats } from "./fuzz-kit";
import { urlPath } from "./route-table";
import { seedOrg, type SeededOrg } from "./seed";

// The read routes whose answer a query string shapes (the Revenue figures and drill-downs, the
// streamed exports), as the organization's owner, with query strings that are almost right:
// never a 5xx, a refusal is problem+json naming the fault, and an export that starts streaming
// reads to its end without an error.

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user }));

let org: SeededOrg;
beforeAll(async () => {
  org = await seedOrg("fuzz-query");
  if (org.owner.principal.type === "user") session.user = { id: org.owner.principal.id, email: org.owner.principal.email, name: null };
}, 120_000);
afterAll(() => console.log(`fuzz query strings: ${fuzzStats.runs} runs`, fuzzStats.statuses));

const junk = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("", "0", "-1", "1e9", "NaN", "%00", "2026-13", "2026-00", "9999-12", "0000-01", "'; drop table invoices; --"));
const near = <T>(values: T[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...values) }, junk);
const params = {
  mode: near(["test", "live"]),
  month: near(["2026-11", "2026-12", "1970-01"]),
  to: near(["2026-12", "2030-01"]),
  months: near(["1", "12", "24", "25"]),
  format: near(["csv", "json", "xml"]),
  provider: near(["stripe", "conekta"]),
  currency: near(["usd", "mxn", "USD"]),
  figure: near(["mrr", "new", "expansion", "contraction", "churn", "reactivation", "involuntary", "failed", "recovered", "churned", "pending"]),
  attempt: near(["1", "2", "0", "101"]),
};
const query = fc.dictionary(fc.constantFrom(...(Object.keys(params) as (keyof typeof params)[])), fc.constant(null)).chain((keys) =>
  fc.record(Object.fromEntries(Object.keys(keys).map((k) => [k, params[k as keyof typeof params]]))),
);

const routes = [
  "app/api/orgs/[org]/revenue/route.ts",
  "app/api/orgs/[org]/revenue/subscriptions/route.ts",
  "app/api/orgs/[org]/exports/invoices/route.ts",
  "app/api/orgs/[org]/exports/subscriptions/route.ts",
  "app/api/orgs/[org]/exports/events/route.ts",
];

describe("fuzzing the query strings of the Revenue and export routes", () => {
  it.each(routes)("%s", async (file) => {
    const mod = await loadRoute(file);
    const path = urlPath(file, { org: org.ids.slug });
    await fuzzCheck(
      fc.asyncProperty(query, async (q) => {
        const search = new URLSearchParams(q as Record<string, string>).toString();
        const res = await callHandler(mod, "GET", buildRequest(`${path}?${search}`, "GET", null), { org: org.ids.slug });
        countStatus(res.status);
        await assertProblemContract(res, `GET ${file}?${search}`);
        if (res.status === 200) await res.text();
      }),
      25,
    );
  });
});
