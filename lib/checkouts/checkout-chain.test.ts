import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { checkoutRequests } from "@/db/schema";
import { checkoutOrg, confirmCheckoutById, payStripeCheckout, postCheckout } from "@/lib/testing/checkouts";
import { createMember, createOwner } from "@/lib/testing/factories";
import { addEndpoint, deliverStripe } from "@/lib/webhooks/testing/fixtures";
import { accountEvents } from "@/lib/webhooks/testing/sandbox-billing";
import { drainEvents } from "@/lib/webhooks/worker/run-worker";
import type { ChainStep } from "./chain-steps";
import { confirmCheckout } from "./confirm-checkout";
import { confirmReturn } from "./confirm-return";
import { getCheckoutChain } from "./get-checkout-chain";
import { listCheckouts } from "./list-checkouts";

// The dashboard's JSON route reads the signed-in user from next-auth; here, whoever the test says.
const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: null } | null }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user }));

const { GET: chainRoute } = await import("@/app/api/orgs/[org]/checkouts/[id]/route");

const describeStep = (s: ChainStep) =>
  s.kind === "request" ? `${s.action}:${s.outcome}` : s.kind === "webhook" ? `webhook:${s.type}` : s.kind;

function getChainAs(user: typeof session.user, org: string, id: string) {
  session.user = user;
  return chainRoute(new Request(`http://beacon.test/api/orgs/${org}/checkouts/${id}`), { params: Promise.resolve({ org, id }) });
}

describe("checkout causal chain", () => {
  it("shows the create call, its replay and a refused key reuse, the session, the return, a confirm call, the webhooks and the subscription, in time order", { timeout: 60_000 }, async () => {
    const org = await checkoutOrg("chain");
    const account = org.stripe!.accountId!;
    const secret = `whsec_${randomBytes(16).toString("hex")}`;
    await addEndpoint({ provider: "stripe", organizationId: null, connectionId: null, secret });
    const since = Math.floor(Date.now() / 1000) - 5;
    const key = `chk_chain_${randomBytes(4).toString("hex")}`;

    const created = await postCheckout(org.token, org.body({ customer: { email: "chain@example.com" } }), key);
    expect(created.status).toBe(201);
    const checkout = (await created.json()) as { id: string; url: string };
    expect((await postCheckout(org.token, org.body({ customer: { email: "chain@example.com" } }), key)).headers.get("idempotent-replayed")).toBe("true");
    expect((await postCheckout(org.token, org.body({ billingCycle: "yearly" }), key)).status).toBe(422);

    expect((await payStripeCheckout(checkout.url)).status).toBe(303);
    expect(await confirmReturn({ input: { checkoutId: checkout.id, canceled: false } })).toMatchObject({ result: "completed" });
    expect((await confirmCheckoutById(org.token, checkout.id)).status).toBe(200);

    // The provider's events about this account, delivered signed through the ingestion core, then processed.
    const events = await accountEvents(account, since);
    expect(events.some((e) => e.type === "checkout.session.completed")).toBe(true);
    for (const event of events) expect((await deliverStripe(JSON.stringify(event), secret)).status).toBe(200);
    await drainEvents({ db, concurrency: 2, organizationId: org.owner.organization.id });

    const chain = await getCheckoutChain({ ctx: org.owner, input: { checkoutId: checkout.id } });
    const order = chain.steps.map(describeStep);
    const firstWebhook = order.findIndex((s) => s.startsWith("webhook:"));
    expect(order.slice(0, firstWebhook)).toEqual([
      "create:created",
      "session",
      "create:replayed",
      "create:key_reused_422",
      "return:confirmed",
      "confirmed",
      "subscription",
      "api_confirm:unchanged",
    ]);
    expect(order).toContain("webhook:checkout.session.completed");
    expect(order).toContain("webhook:customer.subscription.created");
    expect(chain.steps.map((s) => s.at)).toEqual(chain.steps.map((s) => s.at).sort());

    const requests = chain.steps.filter((s) => s.kind === "request");
    expect(requests.filter((r) => r.action === "create").every((r) => r.idempotencyKey === key)).toBe(true);
    const [first, replay, reused] = requests;
    expect(replay!.fingerprint).toBe(first!.fingerprint);
    expect(reused).toMatchObject({ status: 422, actor: "token backend" });
    expect(reused!.fingerprint).not.toBe(first!.fingerprint);
    expect(requests.find((r) => r.action === "return")).toMatchObject({ providerStatus: "completed", actor: null, status: null });

    const webhooks = chain.steps.filter((s) => s.kind === "webhook");
    expect(webhooks.every((w) => ["processed", "ignored"].includes(w.status) && w.decision !== null)).toBe(true);
    expect(chain.steps.find((s) => s.kind === "confirmed")).toMatchObject({ status: "completed", via: "return" });
    expect(chain.steps.find((s) => s.kind === "subscription")).toMatchObject({ status: "active", source: "confirmation", sourceRef: checkout.id });
    expect(chain.checkout).toMatchObject({ id: checkout.id, status: "completed", confirmedVia: "return" });
  });

  it("names the dashboard's “Confirm now” as what confirmed the checkout and recorded its subscription, not the API", async () => {
    const org = await checkoutOrg("chain-confirm-now");
    const checkout = (await (await postCheckout(org.token, org.body(), "chk_confirm_now")).json()) as { id: string; url: string };
    expect((await payStripeCheckout(checkout.url)).status).toBe(303);
    // No return, no webhook yet: an admin presses "Confirm now"; then an integration's confirm call finds nothing new.
    await confirmCheckout({ ctx: org.owner, input: { checkoutId: checkout.id }, requestId: "req_confirm_now" });
    expect((await confirmCheckoutById(org.token, checkout.id)).status).toBe(200);

    const chain = await getCheckoutChain({ ctx: org.owner, input: { checkoutId: checkout.id } });
    expect(chain.steps.map(describeStep)).toEqual(["create:created", "session", "dashboard_confirm:confirmed", "confirmed", "subscription", "api_confirm:unchanged"]);
    expect(chain.steps.find((s) => s.kind === "confirmed")).toMatchObject({ status: "completed", via: "dashboard" });
    expect(chain.steps.find((s) => s.kind === "subscription")).toMatchObject({ source: "dashboard", sourceRef: "req_confirm_now" });
    expect(chain.checkout.confirmedVia).toBe("dashboard");
    // The Checkouts list says so too (it read "via API").
    const listed = await listCheckouts({ ctx: org.owner, input: { limit: 10 } });
    expect(listed.data.find((c) => c.id === checkout.id)?.confirmedVia).toBe("dashboard");
  });

  it("records a call refused before anything was created (duplicate subscription), and a failing log write never fails the request", async () => {
    const org = await checkoutOrg("chain-dup");
    const body = org.body({ customer: { email: "dup@example.com" } });
    const first = (await (await postCheckout(org.token, body, "chk_dup_1")).json()) as { id: string; url: string };
    expect((await payStripeCheckout(first.url, "4242424242424242", "dup@example.com")).status).toBe(303);
    await confirmReturn({ input: { checkoutId: first.id, canceled: false } });

    const again = await postCheckout(org.token, body, "chk_dup_2");
    expect(again.status).toBe(409);
    const refused = await db.select().from(checkoutRequests).where(eq(checkoutRequests.idempotencyKey, "chk_dup_2"));
    expect(refused).toMatchObject([{ outcome: "duplicate_subscription_409", status: 409, organizationId: org.owner.organization.id }]);

    // The log's table refuses writes: the request it describes still succeeds.
    const insert = db.insert.bind(db);
    const spy = vi.spyOn(db, "insert").mockImplementation(((table: Parameters<typeof insert>[0]) => {
      if (table === checkoutRequests) throw new Error("log table unavailable");
      return insert(table);
    }) as typeof db.insert);
    const notLogged = await postCheckout(org.token, org.body({ customer: { email: "other@example.com" } }), "chk_dup_3");
    const attempted = spy.mock.calls.filter(([table]) => table === checkoutRequests).length;
    spy.mockRestore();
    expect(notLogged.status).toBe(201);
    expect(attempted).toBe(1);
    expect(await db.select().from(checkoutRequests).where(eq(checkoutRequests.idempotencyKey, "chk_dup_3"))).toEqual([]);
  });

  it("is a viewer's read, and another tenant's checkout is not found", async () => {
    const org = await checkoutOrg("chain-tenancy");
    const created = (await (await postCheckout(org.token, org.body(), "chk_tenancy")).json()) as { id: string };
    const slug = org.owner.organization.slug;
    const viewer = await createMember(org.owner, "viewer");
    const outsider = await createOwner("chain-outsider");
    const asUser = (ctx: typeof viewer) => (ctx.principal.type === "user" ? { id: ctx.principal.id, email: ctx.principal.email, name: null } : null);

    const seen = await getChainAs(asUser(viewer), slug, created.id);
    expect(seen.status).toBe(200);
    expect(((await seen.json()) as { steps: ChainStep[] }).steps.map(describeStep)).toEqual(["create:created", "session"]);
    // The outsider asking under their own organization, and under the owner's: both not found.
    expect((await getChainAs(asUser(outsider), outsider.organization.slug, created.id)).status).toBe(404);
    expect((await getChainAs(asUser(outsider), slug, created.id)).status).toBe(404);
    await expect(getCheckoutChain({ ctx: outsider, input: { checkoutId: created.id } })).rejects.toMatchObject({ code: "not_found" });
    expect((await getChainAs(asUser(viewer), slug, "not-a-uuid")).status).toBe(404);
  });
});
