import { eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { db } from "@/db";
import { invoices, providerConnections, subscriptions } from "@/db/schema";
import { conektaSetup, deliverConekta, deliverStripe, eventId, stripeEventBody, stripeSetup, storedEvent } from "../testing/fixtures";
import { accountEvents, createPrice, subscribeInSandbox } from "../testing/sandbox-billing";
import { drainEvents } from "../worker/run-worker";

test("an invoice for a subscription not seen yet re-fetches it and records the invoice with its tax", async () => {
  const setup = await stripeSetup();
  const price = await createPrice(setup.account.id, 10_000);
  const since = Math.floor(Date.now() / 1000) - 5;
  const { subscriptionId } = await subscribeInSandbox(setup.account.id, price.id, { country: "DE" });
  const paid = (await accountEvents(setup.account.id, since)).find((e) => e.type === "invoice.paid")!;
  expect((await deliverStripe(JSON.stringify(paid), setup.secret)).status).toBe(200);
  await drainEvents({ db, concurrency: 2, organizationId: setup.owner.organization.id });

  expect(await storedEvent(paid.id)).toMatchObject({ status: "processed", decision: "refetched" });
  const [sub] = await db.select().from(subscriptions).where(eq(subscriptions.providerSubscriptionId, subscriptionId));
  expect(sub).toMatchObject({ status: "active" });
  const [invoice] = await db.select().from(invoices).where(eq(invoices.connectionId, setup.connection.id));
  expect(invoice).toMatchObject({ status: "paid", subtotal: 10_000, tax: 1_900, total: 11_900, taxStatus: "complete", subscriptionId: sub!.id, currency: "usd" });
  expect(invoice!.paidAt).toBeInstanceOf(Date);
});

test("account.updated refreshes the connection from the provider; a deauthorization disconnects it", async () => {
  const setup = await stripeSetup();
  const now = Math.floor(Date.now() / 1000);
  const updated = eventId();
  await deliverStripe(stripeEventBody({ id: updated, type: "account.updated", account: setup.account.id, created: now, object: { id: setup.account.id, object: "account" } }), setup.secret);
  await drainEvents({ db, concurrency: 1, organizationId: setup.owner.organization.id });
  expect(await storedEvent(updated)).toMatchObject({ status: "processed", decision: "refetched", decisionNote: expect.stringContaining("Connection re-retrieved") });
  const [refreshed] = await db.select().from(providerConnections).where(eq(providerConnections.id, setup.connection.id));
  expect(refreshed!.lastSyncedAt).toBeInstanceOf(Date);

  const gone = eventId();
  await deliverStripe(stripeEventBody({ id: gone, type: "account.application.deauthorized", account: setup.account.id, created: now + 1, object: { id: "ca_beacon", object: "application" } }), setup.secret);
  await drainEvents({ db, concurrency: 1, organizationId: setup.owner.organization.id });
  const [disconnected] = await db.select().from(providerConnections).where(eq(providerConnections.id, setup.connection.id));
  expect(disconnected).toMatchObject({ status: "disconnected" });
});

test("unknown event types are kept and ignored with the reason", async () => {
  const setup = await stripeSetup();
  const id = eventId();
  await deliverStripe(stripeEventBody({ id, type: "payout.paid", account: setup.account.id, created: Math.floor(Date.now() / 1000), object: { id: "po_1", object: "payout" } }), setup.secret);
  await drainEvents({ db, concurrency: 1, organizationId: setup.owner.organization.id });
  expect(await storedEvent(id)).toMatchObject({ status: "ignored", decision: "ignored", decisionNote: "No handler for Stripe event type payout.paid" });
});

test("a type the provider never sends is ignored even under a handled prefix, and writes nothing", async () => {
  const setup = await stripeSetup();
  const id = eventId();
  const invoice = { id: `in_draft_${id}`, object: "invoice", status: "paid", currency: "usd", subtotal: 100, total: 100, created: Math.floor(Date.now() / 1000), customer: "cus_x" };
  await deliverStripe(stripeEventBody({ id, type: "invoice.draft.paid", account: setup.account.id, created: Math.floor(Date.now() / 1000), object: invoice }), setup.secret);

  const conekta = await conektaSetup();
  const conektaId = eventId("");
  const body = JSON.stringify({ id: conektaId, object: "event", type: "subscription.draft.paid", created_at: Math.floor(Date.now() / 1000), livemode: false, data: { object: { id: `sub_${conektaId}`, object: "subscription", status: "active", customer_id: "cus_x", plan_id: "plan_x" } } });
  expect((await deliverConekta(conekta.connection.id, body, conekta.digest(body))).status).toBe(200);
  await drainEvents({ db, concurrency: 1, organizationId: setup.owner.organization.id });
  await drainEvents({ db, concurrency: 1, organizationId: conekta.owner.organization.id });

  expect(await storedEvent(id)).toMatchObject({ status: "ignored", decision: "ignored", decisionNote: "No handler for Stripe event type invoice.draft.paid" });
  expect(await db.select().from(invoices).where(eq(invoices.connectionId, setup.connection.id))).toEqual([]);
  expect(await storedEvent(conektaId)).toMatchObject({ status: "ignored", decision: "ignored", decisionNote: "No handler for Conekta event type subscription.draft.paid" });
  expect(await db.select().from(subscriptions).where(eq(subscriptions.connectionId, conekta.connection.id))).toEqual([]);
});
