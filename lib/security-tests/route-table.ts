import type { SeededOrg } from "./seed";

// Every route file of the app, keyed by its path, with what the tenant-isolation matrix needs
// to call it: which auth family guards it, how to fill its path and body with another
// organization's ids. `route-table.test.ts` fails when a route file has no entry here, so a new
// route is covered (or its exclusion argued) before it merges. Adding one is one line, e.g.
//   "app/api/orgs/[org]/things/[id]/route.ts": session({ id: (t) => t.ids.thingId }),

export type Family =
  /** `/api/orgs/{org}/…` behind withSession: 401 without a session, 404 for a non-member, 403 below the role. */
  | "session"
  /** Signed-in routes about the user, not one organization (`/api/orgs`): the caller's own data only (`self`), else 403/404. */
  | "user"
  /** `/v1/…` behind withApiToken: 401 without a token, 404 for another organization's or mode's ids. */
  | "bearer"
  /** Open routes (health, sign-up, the /v1 fallback…): any status but 5xx, never another tenant's ids. */
  | "public"
  /** The Pages API webhook route: unsigned deliveries are refused, never attributed or echoed. */
  | "webhook"
  /** A dashboard page under `/{org}`: getPageContext answers notFound for a non-member, sign-in for no session. */
  | "page";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Fill<T> = (target: SeededOrg, caller: SeededOrg) => T;

export interface RouteEntry {
  family: Family;
  /** Path params other than `org` (the matrix fills `org` with the target's or the caller's slug). */
  params?: Fill<Record<string, string | string[]>>;
  /** Query string, without `?`. */
  query?: Fill<string>;
  /** A valid JSON body per method, so authorization (not validation) decides the answer. */
  body?: Partial<Record<Method, Fill<unknown>>>;
  /** Extra request headers (e.g. an Idempotency-Key). */
  headers?: Fill<Record<string, string>>;
  /** For routes whose path is not their file's (Pages API catch-alls): the paths and methods to call. */
  paths?: Fill<string[]>;
  methods?: Method[];
  /** bearer/user routes that answer about the caller itself (200), still never with another tenant's ids. */
  self?: boolean;
  /** Statuses a route may give beyond its family's, per identity, each with its reason in a comment. */
  allow?: Partial<Record<string, number[]>>;
  /** Session GETs that take `?mode=test|live`: in live mode they must show none of the test mode's things. */
  modeScoped?: boolean;
  /** Not called by the matrix, and why (covered elsewhere, or nothing tenant-scoped to leak). */
  skip?: string;
}

const session = (params?: RouteEntry["params"], body?: RouteEntry["body"]): RouteEntry => ({ family: "session", params, body });
const modeScoped = (): RouteEntry => ({ family: "session", modeScoped: true });
const page = (params?: RouteEntry["params"]): RouteEntry => ({ family: "page", params });
const empty = { POST: () => ({}) };

export const routeTable: Record<string, RouteEntry> = {
  // Session JSON routes under /api/orgs/{org}/…
  "app/api/orgs/[org]/alerts/route.ts": modeScoped(),
  "app/api/orgs/[org]/alert-destinations/route.ts": session(undefined, { POST: () => ({ kind: "webhook", url: "https://pager.example.com/beacon", minSeverity: "critical" }) }),
  "app/api/orgs/[org]/alert-destinations/[id]/route.ts": session((t) => ({ id: t.ids.alertDestinationId })),
  "app/api/orgs/[org]/alert-destinations/[id]/test/route.ts": session((t) => ({ id: t.ids.alertDestinationId }), empty),
  "app/api/orgs/[org]/audit-log/route.ts": session(),
  "app/api/orgs/[org]/checkouts/route.ts": { ...session(undefined, { POST: (t) => ({ plan: t.ids.planCode, billingCycle: "monthly" }) }), modeScoped: true },
  "app/api/orgs/[org]/checkouts/[id]/route.ts": session((t) => ({ id: t.ids.checkoutId })),
  "app/api/orgs/[org]/checkouts/[id]/confirm/route.ts": session((t) => ({ id: t.ids.checkoutId }), empty),
  "app/api/orgs/[org]/connections/route.ts": modeScoped(),
  "app/api/orgs/[org]/connections/[id]/refresh/route.ts": session((t) => ({ id: t.ids.connectionId }), empty),
  "app/api/orgs/[org]/connections/[id]/webhooks/route.ts": session((t) => ({ id: t.ids.conektaConnectionId }), empty),
  "app/api/orgs/[org]/connections/conekta/route.ts": session(undefined, { POST: () => ({ mode: "test", privateKey: "key_sandbox_matrixnotreal" }) }),
  "app/api/orgs/[org]/connections/stripe/route.ts": session(undefined, { POST: () => ({ mode: "test" }) }),
  "app/api/orgs/[org]/connections/stripe/forwarding/route.ts": {
    ...session(undefined, { POST: () => ({ mode: "test", secret: `whsec_matrix${"A".repeat(24)}` }) }),
    modeScoped: true,
  },
  "app/api/orgs/[org]/connections/stripe/forwarding/[endpointId]/route.ts": session((t) => ({ endpointId: t.ids.forwardingEndpointId })),
  "app/api/orgs/[org]/connections/endpoints/[endpointId]/rotate/route.ts": session((t) => ({ endpointId: t.ids.endpointId }), empty),
  "app/api/orgs/[org]/connections/endpoints/[endpointId]/test/route.ts": session((t) => ({ endpointId: t.ids.endpointId }), empty),
  "app/api/orgs/[org]/events/route.ts": modeScoped(),
  "app/api/orgs/[org]/events/[id]/route.ts": session((t) => ({ id: t.ids.eventId })),
  "app/api/orgs/[org]/events/[id]/reprocess/route.ts": session((t) => ({ id: t.ids.eventId }), empty),
  "app/api/orgs/[org]/events/reconcile/route.ts": session(undefined, { POST: () => ({ since: "1h", mode: "test" }) }),
  "app/api/orgs/[org]/exports/events/route.ts": modeScoped(),
  "app/api/orgs/[org]/exports/invoices/route.ts": modeScoped(),
  "app/api/orgs/[org]/exports/subscriptions/route.ts": modeScoped(),
  "app/api/orgs/[org]/events/replay/route.ts": session(undefined, { POST: () => ({ mode: "test", status: "dead" }) }),
  "app/api/orgs/[org]/events/replay/plan/route.ts": session(undefined, { POST: () => ({ mode: "test", status: "dead" }) }),
  "app/api/orgs/[org]/events/replay/[id]/route.ts": session((t) => ({ id: t.ids.replayId })),
  "app/api/orgs/[org]/fiscal/route.ts": modeScoped(),
  "app/api/orgs/[org]/fiscal/settings/route.ts": session(undefined, { PATCH: () => ({ automaticTax: true }) }),
  "app/api/orgs/[org]/settings/route.ts": session(undefined, { PATCH: () => ({ defaultProvider: "conekta" }) }),
  "app/api/orgs/[org]/invitations/[id]/route.ts": session((t) => ({ id: t.ids.invitationId })),
  "app/api/orgs/[org]/invitations/[id]/resend/route.ts": session((t) => ({ id: t.ids.invitationId }), empty),
  "app/api/orgs/[org]/members/route.ts": session(undefined, { POST: (t) => ({ email: t.viewer.principal.type === "user" ? t.viewer.principal.email : "", role: "admin" }) }),
  "app/api/orgs/[org]/members/[userId]/route.ts": session((t) => ({ userId: t.ids.memberUserId }), { PATCH: () => ({ role: "admin" }) }),
  "app/api/orgs/[org]/observability/route.ts": modeScoped(),
  "app/api/orgs/[org]/overview/route.ts": modeScoped(),
  "app/api/orgs/[org]/plans/route.ts": session(undefined, {
    POST: () => ({ code: "matrix", name: "Matrix", currency: "usd", trialDays: 0, prices: { monthly: 1000 } }),
  }),
  "app/api/orgs/[org]/plans/[id]/route.ts": session((t) => ({ id: t.ids.planId }), { PATCH: () => ({ name: "Renamed by another tenant" }) }),
  "app/api/orgs/[org]/revenue/route.ts": modeScoped(),
  "app/api/orgs/[org]/revenue/subscriptions/route.ts": {
    family: "session",
    query: () => `provider=stripe&currency=usd&month=${new Date().toISOString().slice(0, 7)}&figure=mrr&mode=test`,
  },
  "app/api/orgs/[org]/subscriptions/route.ts": modeScoped(),
  "app/api/orgs/[org]/subscriptions/[id]/route.ts": session((t) => ({ id: t.ids.subscriptionId })),
  "app/api/orgs/[org]/subscriptions/[id]/actions/route.ts": session((t) => ({ id: t.ids.subscriptionId }), { POST: () => ({ action: "cancel" }) }),
  "app/api/orgs/[org]/tokens/route.ts": session(undefined, { POST: () => ({ name: "matrix", scopes: ["read"], mode: "test" }) }),
  "app/api/orgs/[org]/tokens/[id]/route.ts": session((t) => ({ id: t.ids.tokenId })),

  // Signed in, about the user.
  "app/api/orgs/route.ts": { family: "user", self: true, body: { POST: () => ({ name: "Matrix created org" }) } },
  // B's real invitation link, held by A's people: only B's invited email may accept it (403 wrong account).
  "app/api/invitations/accept/route.ts": { family: "user", body: { POST: (t) => ({ token: t.ids.invitationToken }) } },

  // The integration API.
  "app/v1/me/route.ts": { family: "bearer", self: true },
  "app/v1/billing/subscription-checkouts/route.ts": {
    family: "bearer",
    self: true,
    body: { POST: (t) => ({ organizationId: t.ids.org, plan: t.ids.planCode, billingCycle: "monthly", mode: "test" }) },
    headers: () => ({ "idempotency-key": `matrix-${Math.random().toString(36).slice(2)}` }),
    // A live token naming its own organization for a test checkout is refused by the mode check (422, errors[] names `mode`).
    allow: { otherMode: [422] },
  },
  "app/v1/billing/subscription-checkouts/[id]/route.ts": { family: "bearer", params: (t) => ({ id: t.ids.checkoutId }) },
  "app/v1/billing/subscription-checkouts/[id]/confirm/route.ts": { family: "bearer", params: (t) => ({ id: t.ids.checkoutId }) },

  // Open by design.
  "app/v1/[...path]/route.ts": { family: "public", params: (t) => ({ path: ["billing", "subscriptions", t.ids.subscriptionId] }) },
  "app/v1/openapi.json/route.ts": { family: "public" },
  "app/api/health/route.ts": { family: "public" },
  // Operator-only (BEACON_METRICS_TOKEN in production); aggregate counts, never per-tenant ids.
  "app/api/metrics/route.ts": { family: "public" },
  "app/api/sign-up/route.ts": {
    family: "public",
    body: { POST: () => ({ name: "Matrix", email: `matrix-${Math.random().toString(36).slice(2)}@example.test`, password: "correct horse battery", organizationName: "Matrix" }) },
  },
  // Stripe sends the browser back here: redirects only, to "/" for a connection that is not the member's.
  "app/connect/stripe/return/route.ts": { family: "public", query: (t) => `org=${t.ids.slug}&connection=${t.ids.connectionId}` },
  "app/connect/stripe/refresh/route.ts": { family: "public", query: (t) => `org=${t.ids.slug}&connection=${t.ids.connectionId}` },
  "app/api/auth/[...nextauth]/route.ts": {
    family: "public",
    skip: "next-auth's own handler needs Next's request scope (cookies()); sign-in and sessions are covered by e2e/auth.spec.ts",
  },

  // Provider webhooks (Pages API).
  "pages/api/webhooks/[...route].ts": {
    family: "webhook",
    paths: (t) => ["/api/webhooks/stripe", `/api/webhooks/stripe/forward/${t.ids.forwardingEndpointId}`, `/api/webhooks/conekta/${t.ids.conektaConnectionId}`],
    methods: ["POST", "GET"],
  },

  // Dashboard pages: the same data-layer guard, getPageContext, then verbs filtered by its ctx.
  "app/(dashboard)/[org]/page.tsx": page(),
  "app/(dashboard)/[org]/checkouts/page.tsx": page(),
  "app/(dashboard)/[org]/checkouts/[id]/page.tsx": page((t) => ({ id: t.ids.checkoutId })),
  "app/(dashboard)/[org]/connections/page.tsx": page(),
  "app/(dashboard)/[org]/events/page.tsx": page(),
  "app/(dashboard)/[org]/events/[id]/page.tsx": page((t) => ({ id: t.ids.eventId })),
  "app/(dashboard)/[org]/fiscal/page.tsx": page(),
  "app/(dashboard)/[org]/observability/page.tsx": page(),
  "app/(dashboard)/[org]/plans/page.tsx": page(),
  "app/(dashboard)/[org]/revenue/page.tsx": page(),
  "app/(dashboard)/[org]/revenue/subscriptions/page.tsx": page(),
  "app/(dashboard)/[org]/settings/page.tsx": page(),
  "app/(dashboard)/[org]/subscriptions/page.tsx": page(),
  "app/(dashboard)/[org]/subscriptions/[id]/page.tsx": page((t) => ({ id: t.ids.subscriptionId })),
  "app/invitations/[token]/page.tsx": {
    family: "page",
    skip: "the link's token is the capability: it shows the holder whom the invitation is for and accepts only for that email's account; dead, revoked, used, wrong-account links in lib/invitations/invitations.test.ts and e2e/invitations.spec.ts",
  },
  "app/(auth)/sign-in/page.tsx": { family: "page", skip: "public form, reads no tenant data" },
  "app/(auth)/sign-up/page.tsx": { family: "page", skip: "public form, reads no tenant data" },
  "app/page.tsx": { family: "page", skip: "redirects to one of the caller's own organizations (listUserOrganizations); needs cookies()" },
  "app/billing/return/page.tsx": {
    family: "page",
    skip: "the buyer's public landing page: the checkout's UUID is the capability; it shows a result and the merchant's URL, no ids (e2e checkout specs)",
  },
};

/** The URL path of a route or page file, with its params filled in. */
export function urlPath(file: string, params: Record<string, string | string[]>) {
  const segments = file
    .replace(/^(app|pages)\//, "")
    .replace(/\/?(route\.ts|page\.tsx)$/, "")
    .split("/")
    .filter((s) => s && !/^\(.*\)$/.test(s));
  return (
    "/" +
    segments
      .map((s) => {
        const name = /^\[(?:\.\.\.)?(\w+)\]$/.exec(s)?.[1];
        if (!name) return s;
        const value = params[name];
        if (value === undefined) throw new Error(`${file}: no value for [${name}]`);
        return Array.isArray(value) ? value.map(encodeURIComponent).join("/") : encodeURIComponent(value);
      })
      .join("/")
  );
}
