import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { checkouts, customers, subscriptions, subscriptionTimeline, type WebhookEvent } from "@/db/schema";
import { loadConnectionHandle } from "@/lib/connections/load-connection";
import { stripeClient } from "@/lib/providers/clients";
import { checkoutOrg, confirmCheckoutById, postCheckout, payStripeCheckout } from "@/lib/testing/checkouts";
import { prepareCheckout } from "@/lib/webhooks/handlers/checkout";
import { confirmReturn } from "./confirm-return";

type Org = Awaited<ReturnType<typeof checkoutOrg>>;

async function paidCheckout(org: Org, extra: Record<string, unknown> = {}) {
  const created = await (await postCheckout(org.token, org.body(extra), randomUUID())).json();
  const paid = await payStripeCheckout(created.url);
  expect(paid.status).toBe(303);
  const [row] = await db.select().from(checkouts).where(eq(checkouts.id, created.id));
  expect(paid.headers.get("location")).toContain(`/billing/return?checkout=${created.id}&session_id=${row!.providerCheckoutId}`);
  return { id: created.id as string, row: row! };
}

/** The webhook path, as the worker runs it for checkout.session.completed. */
async function deliverCheckoutEvent(org: Org, providerCheckoutId: string) {
  const handle = await loadConnectionHandle(db, org.stripe!.id);
  const event = { providerEventId: `evt_${randomUUID()}`, providerCreatedAt: new Date() } as WebhookEvent;
  const apply = await prepareCheckout({ db, event, handle, log: () => {} }, providerCheckoutId);
  return db.transaction((tx) => apply(tx));
}

async function stateOf(org: Org, checkoutId: string) {
  const [checkout] = await db.select().from(checkouts).where(eq(checkouts.id, checkoutId));
  const subs = await db.select().from(subscriptions).where(eq(subscriptions.organizationId, org.owner.organization.id));
  const timeline = subs[0] ? await db.select().from(subscriptionTimeline).where(eq(subscriptionTimeline.subscriptionId, subs[0].id)) : [];
  return { checkout: checkout!, subs, timeline };
}

describe("confirming a checkout", () => {
  it("confirm links the customer and an active subscription, and is idempotent", async () => {
    const org = await checkoutOrg("confirm");
    const { id } = await paidCheckout(org, { customer: { reference: "cust-9" } });
    const res = await confirmCheckoutById(org.token, id);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: "completed", confirmedVia: "api", subscription: { status: "active" } });
    // The request named no email; the buyer typed one at the provider, and the checkout shows it.
    expect(body.customer).toEqual({ email: "buyer@example.com", name: "Ada Buyer", reference: "cust-9" });
    const first = await stateOf(org, id);
    expect(first.subs).toHaveLength(1);
    expect(first.subs[0]).toMatchObject({ planId: org.plan.id, billingCycle: "monthly", status: "active" });
    const [customer] = await db.select().from(customers).where(eq(customers.id, first.subs[0]!.customerId!));
    expect(customer).toMatchObject({ email: "buyer@example.com", reference: "cust-9", name: "Ada Buyer" });

    const again = await (await confirmCheckoutById(org.token, id)).json();
    expect(again).toEqual({ ...body, stuck: false });
    const second = await stateOf(org, id);
    expect(second.subs).toHaveLength(1);
    expect(second.timeline).toHaveLength(first.timeline.length);
    expect(second.checkout.confirmedAt).toEqual(first.checkout.confirmedAt);
  });

  it("converges when the webhook comes first and the return second", async () => {
    const org = await checkoutOrg("hook-first");
    const { id, row } = await paidCheckout(org);
    expect((await deliverCheckoutEvent(org, row.providerCheckoutId)).kind).toBe("refetched");
    const afterHook = await stateOf(org, id);
    expect(afterHook.checkout).toMatchObject({ status: "completed", confirmedVia: "event" });
    const outcome = await confirmReturn({ input: { checkoutId: id, providerCheckoutId: row.providerCheckoutId, canceled: false } });
    expect(outcome).toMatchObject({ result: "completed", subscriptionStatus: "active", plan: "Plus" });
    const after = await stateOf(org, id);
    expect(after.subs).toHaveLength(1);
    expect(after.timeline).toHaveLength(afterHook.timeline.length);
    expect(after.checkout.confirmedVia).toBe("event");
  });

  it("converges when the return comes first and the webhook second", async () => {
    const org = await checkoutOrg("return-first");
    const { id, row } = await paidCheckout(org, { successUrl: "https://shop.test/thanks" });
    const outcome = await confirmReturn({ input: { checkoutId: id, providerCheckoutId: row.providerCheckoutId, canceled: false } });
    expect(outcome).toMatchObject({ result: "completed", redirectTo: "https://shop.test/thanks", providerUnreachable: false });
    const afterReturn = await stateOf(org, id);
    expect(afterReturn.checkout).toMatchObject({ status: "completed", confirmedVia: "confirmation" });
    expect((await deliverCheckoutEvent(org, row.providerCheckoutId)).kind).toBe("duplicate");
    const after = await stateOf(org, id);
    expect(after.subs.map((s) => s.id)).toEqual(afterReturn.subs.map((s) => s.id));
    expect(after.timeline).toHaveLength(afterReturn.timeline.length);
  });

  it("a declined card leaves the checkout open; an expired session is applied", async () => {
    const org = await checkoutOrg("declined");
    const created = await (await postCheckout(org.token, org.body({ cancelUrl: "https://shop.test/back" }), randomUUID())).json();
    expect((await payStripeCheckout(created.url, "4000000000000002")).status).toBe(402);
    expect(await (await confirmCheckoutById(org.token, created.id)).json()).toMatchObject({ status: "open", subscription: null });
    const back = await confirmReturn({ input: { checkoutId: created.id, canceled: true } });
    expect(back).toMatchObject({ result: "canceled", redirectTo: "https://shop.test/back" });

    const [row] = await db.select().from(checkouts).where(eq(checkouts.id, created.id));
    await stripeClient("test").checkout.sessions.expire(row!.providerCheckoutId, {}, { stripeAccount: org.stripe!.accountId! });
    expect(await (await confirmCheckoutById(org.token, created.id)).json()).toMatchObject({ status: "expired", confirmedVia: "api" });
  });

  it("refuses a return whose session is not the checkout's", async () => {
    const org = await checkoutOrg("tamper");
    const created = await (await postCheckout(org.token, org.body(), randomUUID())).json();
    expect(await confirmReturn({ input: { checkoutId: created.id, providerCheckoutId: "cs_test_other", canceled: false } })).toBeNull();
    expect(await confirmReturn({ input: { checkoutId: randomUUID(), canceled: false } })).toBeNull();
  });

  it("refuses a second checkout for a customer already subscribed to the plan (409 with the subscription)", async () => {
    const org = await checkoutOrg("duplicate");
    const { id } = await paidCheckout(org, { customer: { reference: "cust-dup", email: "dup@example.com" } });
    await confirmCheckoutById(org.token, id);
    const [sub] = await db.select().from(subscriptions).where(eq(subscriptions.organizationId, org.owner.organization.id));
    const res = await postCheckout(org.token, org.body({ customer: { reference: "cust-dup" } }), randomUUID());
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ reason: "duplicate_subscription", subscription: { id: sub!.id, status: "active", plan: "plus" } });
    // Another customer, or the same customer on another plan's cycle, is not a duplicate.
    expect((await postCheckout(org.token, org.body({ customer: { reference: "cust-new" } }), randomUUID())).status).toBe(201);
  });

  it("404s a checkout of another organization and a malformed id", async () => {
    const a = await checkoutOrg("confirm-a");
    const b = await checkoutOrg("confirm-b", { stripe: false });
    const created = await (await postCheckout(a.token, a.body(), randomUUID())).json();
    expect((await confirmCheckoutById(b.token, created.id)).status).toBe(404);
    expect((await confirmCheckoutById(a.token, "not-a-uuid")).status).toBe(404);
  });
});
