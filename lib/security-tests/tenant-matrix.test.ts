import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { isMethodNotAllowed } from "@/lib/api/method-not-allowed";
import type { SessionUser } from "@/lib/auth/session";
import {
  buildRequest,
  callHandler,
  callerFor,
  foreignStringsIn,
  httpMethods,
  identities,
  isMutation,
  loadRoute,
  pageOutcome,
  servePagesRoute,
  sessionIdentities,
  type Identity,
} from "./harness";
import { routeTable, urlPath, type Method, type RouteEntry } from "./route-table";
import { seedOrg, type SeededOrg } from "./seed";

// Tenant isolation, from the app's own route list: every route and page, every method it
// exports, called by seven identities of organization A with organization B's ids. Nothing but
// 401/403/404 (or the caller's own data on routes about the caller), and no B id, slug, email or
// provider id in any body or header.

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user }));

let a: SeededOrg;
let b: SeededOrg;
const tally = { requests: 0, pairs: new Set<string>(), byTest: {} as Record<string, number> };
let phase = "";
const count = () => {
  tally.requests++;
  tally.byTest[phase] = (tally.byTest[phase] ?? 0) + 1;
};

beforeAll(async () => {
  [a, b] = await Promise.all([seedOrg("tenant-a"), seedOrg("tenant-b")]);
}, 180_000);

afterAll(() => {
  console.log(`tenant matrix: ${tally.pairs.size} route×method pairs, ${tally.requests} requests`, tally.byTest);
});

interface Outcome {
  status: number | string;
  leaked: string[];
}

/** Whose strings count as foreign: B's everything, or for B's own live token, B's test-mode things. */
const foreignFor = (identity: Identity) => (identity === "otherMode" ? b.testModeOnly : b.secrets);

async function methodsOf(file: string, entry: RouteEntry): Promise<Method[]> {
  if (entry.methods) return entry.methods;
  const mod = await loadRoute(file);
  // A /v1 route's 405 handlers answer every caller alike; method-not-allowed.test.ts covers them.
  return httpMethods.filter((m) => typeof mod[m] === "function" && !isMethodNotAllowed(mod[m]));
}

/** Calls one route file as one identity; `slugOf` picks whose slug goes into `{org}`. */
async function callRoute(file: string, entry: RouteEntry, method: Method, identity: Identity, slugOf: SeededOrg): Promise<Outcome[]> {
  const caller = callerFor(identity, a, b);
  session.user = caller.user;
  const params = { ...(entry.params?.(b, a) ?? {}), org: slugOf.ids.slug };
  const body = entry.body?.[method]?.(b, a);
  const foreign = foreignFor(identity);
  tally.pairs.add(`${file} ${method}`);

  if (entry.family === "page") {
    count();
    const mod = await loadRoute(file);
    const render = mod.default as (props: unknown) => Promise<unknown>;
    const status = await pageOutcome(() => render({ params: Promise.resolve(params), searchParams: Promise.resolve({}) }));
    return [{ status, leaked: [] }];
  }
  if (entry.family === "webhook") {
    const mod = await loadRoute(file);
    const server = await servePagesRoute(mod.default as never);
    try {
      const outcomes: Outcome[] = [];
      for (const path of entry.paths!(b, a)) {
        count();
        const req = buildRequest(path, method, caller.authorization, { type: "invoice.paid", account: b.ids.connectionId, data: {} });
        const res = await fetch(new URL(path, server.origin), { method, headers: req.headers, body: method === "GET" ? undefined : await req.text() });
        outcomes.push({ status: res.status, leaked: await foreignStringsIn(res, new URL(path, server.origin).href, foreign) });
      }
      return outcomes;
    } finally {
      await server.close();
    }
  }
  count();
  const path = urlPath(file, params) + (entry.query ? `?${entry.query(b, a)}` : "");
  const req = buildRequest(path, method, caller.authorization, body, entry.headers?.(b, a));
  const res = await callHandler(await loadRoute(file), method, req, params);
  const location = res.headers.get("location");
  return [{ status: location ? `${res.status} ${new URL(location).pathname}` : res.status, leaked: await foreignStringsIn(res, req.url, foreign, body) }];
}

/** What each family may answer to each identity of A holding B's ids. */
function expected(entry: RouteEntry, method: Method, identity: Identity): (number | string)[] {
  const extra = entry.allow?.[identity] ?? [];
  const isSession = sessionIdentities.includes(identity);
  switch (entry.family) {
    case "session":
      return [...(isSession ? [404] : [401]), ...extra];
    case "user":
      return [...(isSession ? (entry.self ? [200, 201] : [403, 404]) : [401]), ...extra];
    case "bearer":
      if (!isSession && identity !== "anonymous") return [...(entry.self && method === "GET" ? [200] : [404]), ...extra];
      return [401, ...extra];
    case "page":
      return isSession ? ["notFound"] : ["redirect:/sign-in"];
    default:
      return [];
  }
}

const executable = Object.entries(routeTable).filter(([, entry]) => !entry.skip);

describe("tenant isolation matrix", () => {
  it.each(executable)("%s answers A's identities about B with 401/403/404 and no B ids", async (file, entry) => {
    phase = "B's org, B's ids, 7 identities";
    const failures: string[] = [];
    for (const method of await methodsOf(file, entry)) {
      for (const identity of identities) {
        for (const outcome of await callRoute(file, entry, method, identity, b)) {
          const allowed = expected(entry, method, identity);
          const ok = allowed.length
            ? allowed.some((s) => (typeof s === "string" ? String(outcome.status).startsWith(s) || String(outcome.status).endsWith(s.replace("redirect:", " ")) : s === outcome.status))
            : typeof outcome.status !== "number" || outcome.status < 500 || /^[34]/.test(String(outcome.status));
          if (entry.family === "webhook" && !(typeof outcome.status === "number" && outcome.status >= 400 && outcome.status < 500)) failures.push(`${method} as ${identity}: ${outcome.status}, expected a 4xx`);
          else if (!ok) failures.push(`${method} as ${identity}: ${outcome.status}, expected ${allowed.join("/")}`);
          if (outcome.leaked.length) failures.push(`${method} as ${identity}: leaked ${outcome.leaked.join(", ")}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  const withForeignIds = executable.filter(([, e]) => (e.family === "session" || e.family === "page") && e.params);
  it.each(withForeignIds)("%s in A's own organization with B's ids: 403/404 and no B ids", async (file, entry) => {
    phase = "A's org, B's ids, A's members";
    const failures: string[] = [];
    for (const method of await methodsOf(file, entry)) {
      for (const identity of sessionIdentities) {
        for (const outcome of await callRoute(file, entry, method, identity, a)) {
          const allowed: (number | string)[] = entry.family === "page" ? ["notFound"] : identity === "viewer" ? [403, 404] : [404];
          if (!allowed.includes(outcome.status)) failures.push(`${method} as ${identity}: ${outcome.status}, expected ${allowed.join("/")}`);
          if (outcome.leaked.length) failures.push(`${method} as ${identity}: leaked ${outcome.leaked.join(", ")}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("B's archived event: A's members get 404 for its id and nothing from a search for it; B's owner gets both", async () => {
    phase = "archived event";
    const detail = "app/api/orgs/[org]/events/[id]/route.ts";
    const list = "app/api/orgs/[org]/events/route.ts";
    const failures: string[] = [];
    const call = async (file: string, viewer: SeededOrg, identity: Identity, params: Record<string, string>, query = "") => {
      session.user = callerFor(identity, viewer, viewer).user;
      count();
      const req = buildRequest(urlPath(file, params) + query, "GET", null);
      const res = await callHandler(await loadRoute(file), "GET", req, params);
      // What the request itself carried (B's slug, the id asked for) is an echo, not a leak.
      return { res, status: res.status, leaked: () => foreignStringsIn(res, req.url, b.secrets) };
    };
    for (const identity of sessionIdentities) {
      for (const slug of [a.ids.slug, b.ids.slug]) {
        const byId = await call(detail, a, identity, { org: slug, id: b.ids.archivedEventId });
        const allowed = slug === a.ids.slug ? [404] : [404, 403];
        if (!allowed.includes(byId.status)) failures.push(`detail in ${slug} as ${identity}: ${byId.status}`);
        const leaked = await byId.leaked();
        if (leaked.length) failures.push(`detail in ${slug} as ${identity}: leaked ${leaked.join(", ")}`);
      }
      const search = await call(list, a, identity, { org: a.ids.slug }, `?q=${b.ids.archivedProviderEventId}`);
      const leaked = await search.leaked();
      if (search.status !== 200 || leaked.length) failures.push(`search as ${identity}: ${search.status} ${leaked.join(", ")}`);
    }
    expect(failures).toEqual([]);
    // The control: B's owner reads it, by id and by search.
    const own = await call(detail, b, "owner", { org: b.ids.slug, id: b.ids.archivedEventId });
    expect(own.status).toBe(200);
    expect(((await own.res.json()) as { archivedAt: string | null }).archivedAt).not.toBeNull();
    const found = (await (await call(list, b, "owner", { org: b.ids.slug }, `?q=${b.ids.archivedProviderEventId}`)).res.json()) as { archived: { id: string }[] };
    expect(found.archived.map((e) => e.id)).toEqual([b.ids.archivedEventId]);
  });

  it("a viewer gets 403 on every state-changing route of its own organization", async () => {
    phase = "viewer, own mutations";
    const failures: string[] = [];
    for (const [file, entry] of executable.filter(([, e]) => e.family === "session")) {
      const mod = await loadRoute(file);
      for (const method of (await methodsOf(file, entry)).filter(isMutation)) {
        session.user = callerFor("viewer", b, b).user;
        const params = { ...(entry.params?.(b, b) ?? {}), org: b.ids.slug };
        const req = buildRequest(urlPath(file, params), method, null, entry.body?.[method]?.(b, b));
        count();
        const res = await callHandler(mod, method, req, params);
        if (res.status !== 403) failures.push(`${method} ${file}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("B's owner in live mode sees none of B's test-mode things on any mode-scoped page's JSON", async () => {
    phase = "B's owner, live mode";
    const failures: string[] = [];
    const shownInTest = new Set<string>();
    for (const [file] of executable.filter(([, e]) => e.modeScoped)) {
      session.user = callerFor("owner", b, b).user;
      const params = { org: b.ids.slug };
      count();
      const req = buildRequest(`${urlPath(file, params)}?mode=live`, "GET", null);
      const res = await callHandler(await loadRoute(file), "GET", req, params);
      if (res.status !== 200) failures.push(`${file}: ${res.status}`);
      const leaked = await foreignStringsIn(res, req.url, b.testModeOnly);
      if (leaked.length) failures.push(`${file}: live mode shows ${leaked.join(", ")}`);
      // The control: the same page in test mode does show them.
      const testReq = buildRequest(`${urlPath(file, params)}?mode=test`, "GET", null);
      for (const s of await foreignStringsIn(await callHandler(await loadRoute(file), "GET", testReq, params), testReq.url, b.testModeOnly)) shownInTest.add(s);
    }
    expect(failures).toEqual([]);
    for (const s of [b.ids.checkoutId, b.ids.subscriptionId, b.ids.connectionId, b.ids.eventId]) expect(shownInTest).toContain(s);
  });

  it("B's own owner reads every session GET route with these ids (the 404s above are about tenancy, not typos)", async () => {
    const failures: string[] = [];
    const seen = new Set<string>();
    phase = "B's owner, own GETs";
    for (const [file, entry] of executable.filter(([, e]) => e.family === "session")) {
      const mod = await loadRoute(file);
      if (typeof mod.GET !== "function") continue;
      session.user = callerFor("owner", b, b).user;
      const params = { ...(entry.params?.(b, b) ?? {}), org: b.ids.slug };
      count();
      const res = await callHandler(mod, "GET", buildRequest(urlPath(file, params) + (entry.query ? `?${entry.query(b, b)}` : ""), "GET", null), params);
      if (res.status !== 200) failures.push(`${file}: ${res.status} ${await res.text()}`);
      for (const s of await foreignStringsIn(res, "http://beacon.test/", b.secrets)) seen.add(s);
    }
    expect(failures).toEqual([]);
    // The leak detector sees B's own data where it belongs: emails, ids, provider ids.
    for (const s of [b.ids.planId, b.ids.checkoutId, b.ids.subscriptionId, b.ids.eventId, b.ids.connectionId, b.ids.invitationId]) expect(seen).toContain(s);
  });
});
