import { generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { checkouts, subscriptions, webhookEvents, type WebhookEvent } from "@/db/schema";
import { loadConnectionHandle } from "@/lib/connections/load-connection";
import { OrdersApi } from "conekta";
import { conektaConfig } from "@/lib/providers/clients";
import { crashAfterNextProviderCall } from "@/lib/testing/crash-injection";
import { checkoutOrg, confirmCheckoutById, postCheckout } from "@/lib/testing/checkouts";
import { connectConektaForTest } from "@/lib/testing/connections";
import { getEvent } from "@/lib/webhooks/events/get-event";
import { prepareCheckout } from "@/lib/webhooks/handlers/checkout";
import { addEndpoint, deliverConekta } from "@/lib/webhooks/testing/fixtures";
import { drainEvents } from "@/lib/webhooks/worker/run-worker";
import { getAdapter } from "@/lib/providers";
import { getSubscription } from "@/lib/subscriptions/get-subscription";
import { confirmReturn } from "./confirm-return";

vi.mock("@/lib/audit/record-audit", async (importOriginal) => (await import("@/lib/testing/crash-injection")).recordAuditWithCrash(importOriginal));

const buyer = { email: "ana@example.com", name: "Ana López", phone: "+52 55 1234 5678", reference: "mx-1" };

async function conektaOrg(label: string) {
  const org = await checkoutOrg(label, { stripe: false });
  const connection = await connectConektaForTest(org.owner);
  return { ...org, connection, orders: new OrdersApi(conektaConfig(connection.privateKey)) };
}

function pay(url: string, card: string) {
  return fetch(url, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ name: buyer.name, email: buyer.email, phone: "5512345678", card_number: card, card_expiry: "12/34", card_cvc: "123" }),
  });
}

describe("Conekta checkouts", () => {
  it("needs the buyer's email, name and phone, named", async () => {
    const org = await conektaOrg("cnk-fields");
    const res = await postCheckout(org.token, org.body({ provider: "conekta", customer: { email: buyer.email } }), randomUUID());
    expect(res.status).toBe(422);
    expect((await res.json()).errors.map((e: { field: string }) => e.field)).toEqual(["customer.name", "customer.phone"]);
  });

  it("creates an order with a hosted checkout; paying with 4242 completes it on return and webhook alike", async () => {
    const org = await conektaOrg("cnk-pay");
    const res = await postCheckout(org.token, org.body({ customer: buyer, successUrl: "https://shop.test/gracias" }), randomUUID());
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({ provider: "conekta", status: "open" });
    const [row] = await db.select().from(checkouts).where(eq(checkouts.id, created.id));
    const order = (await org.orders.getOrderById(row!.providerCheckoutId)).data;
    expect(order.metadata).toMatchObject({ beacon_checkout_id: created.id, beacon_plan: "plus" });
    expect(order.checkout?.url).toBe(created.url);

    const paid = await pay(created.url, "4242424242424242");
    expect(paid.status).toBe(303);
    const location = new URL(paid.headers.get("location")!);
    expect(location.pathname).toBe("/billing/return");
    expect(location.searchParams.get("checkout")).toBe(created.id);

    const outcome = await confirmReturn({ input: { checkoutId: created.id, canceled: false } });
    expect(outcome).toMatchObject({ result: "completed", subscriptionStatus: "active", redirectTo: "https://shop.test/gracias" });
    const handle = await loadConnectionHandle(db, org.connection.id);
    const event = { providerEventId: randomUUID().replace(/-/g, "").slice(0, 24), providerCreatedAt: new Date() } as WebhookEvent;
    const apply = await prepareCheckout({ db, event, handle, log: () => {} }, row!.providerCheckoutId);
    expect((await db.transaction((tx) => apply(tx))).kind).toBe("duplicate");
    const subs = await db.select().from(subscriptions).where(eq(subscriptions.organizationId, org.owner.organization.id));
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ provider: "conekta", status: "active", planId: org.plan.id });

    // Conekta allows one subscription per customer: any live one is a duplicate there.
    const again = await postCheckout(org.token, org.body({ billingCycle: "yearly", customer: buyer }), randomUUID());
    expect(again.status).toBe(409);
    expect((await again.json()).subscription.id).toBe(subs[0]!.id);
  });

  it("links the checkout's first order.paid to the subscription it created: the event's correlation and the subscription's events and invoices", { timeout: 60_000 }, async () => {
    const org = await conektaOrg("cnk-first-charge");
    const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const publicKey = keys.publicKey.export({ type: "spki", format: "pem" }).toString();
    await addEndpoint({ provider: "conekta", organizationId: org.owner.organization.id, connectionId: org.connection.id, secret: publicKey });
    const digest = (body: string) => sign("sha256", Buffer.from(body, "utf8"), keys.privateKey).toString("base64");
    const since = new Date(Date.now() - 5_000);

    const created = await (await postCheckout(org.token, org.body({ customer: buyer }), randomUUID())).json();
    expect((await pay(created.url, "4242424242424242")).status).toBe(303);
    // Only the webhooks bring the checkout to completion here (no return, no confirm call).
    const handle = await loadConnectionHandle(db, org.connection.id);
    for (const e of await getAdapter("conekta").listEvents(handle, since)) {
      expect((await deliverConekta(org.connection.id, e.rawBody, digest(e.rawBody))).status).toBe(200);
    }
    await drainEvents({ db, concurrency: 1, organizationId: org.owner.organization.id });

    const [row] = await db.select().from(checkouts).where(eq(checkouts.id, created.id));
    expect(row).toMatchObject({ status: "completed" });
    const [paidEvent] = await db
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.connectionId, org.connection.id), eq(webhookEvents.type, "order.paid")));
    expect(paidEvent?.objectRefs).toMatchObject({ checkout: row!.providerCheckoutId });
    // The order names no subscription (Conekta creates it after the charge); the checkout does.
    expect(paidEvent?.objectRefs.subscription).toBeUndefined();

    const view = await getEvent({ ctx: org.owner, input: { eventId: paidEvent!.id } });
    expect(view.correlated.subscription).toMatchObject({ id: row!.subscriptionId });
    expect(view.correlated.checkout).toMatchObject({ id: created.id });
    expect(view.related.map((e) => e.type)).toContain("subscription.created");

    const subscription = await getSubscription({ ctx: org.owner, input: { subscriptionId: row!.subscriptionId! } });
    expect(subscription.events.map((e) => e.type)).toContain("order.paid");
    expect(subscription.invoices).toEqual([expect.objectContaining({ providerInvoiceId: row!.providerCheckoutId, status: "paid" })]);
  });

  it("a declined card keeps the checkout open", async () => {
    const org = await conektaOrg("cnk-decline");
    const created = await (await postCheckout(org.token, org.body({ customer: buyer }), randomUUID())).json();
    const declined = await pay(created.url, "4000000000000002");
    expect(new URL(declined.headers.get("location")!).searchParams.get("outcome")).toBe("canceled");
    expect(await (await confirmCheckoutById(org.token, created.id)).json()).toMatchObject({ status: "open", subscription: null });
    expect(await confirmReturn({ input: { checkoutId: created.id, canceled: true } })).toMatchObject({ result: "canceled" });
  });

  it("a crash after the provider call does not create a second order on retry", async () => {
    const org = await conektaOrg("cnk-crash");
    crashAfterNextProviderCall();
    expect((await postCheckout(org.token, org.body({ customer: buyer }), "chk_cnk")).status).toBe(500);
    const retried = await postCheckout(org.token, org.body({ customer: buyer }), "chk_cnk");
    expect(retried.status).toBe(201);
    const orders = (await org.orders.getOrders("en")).data.data ?? [];
    expect(orders).toHaveLength(1);
    expect(orders[0]?.metadata).toMatchObject({ beacon_checkout_id: (await retried.json()).id });
  });
});
