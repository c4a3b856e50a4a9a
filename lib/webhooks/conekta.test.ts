import { CustomersApi, PlansApi, SubscriptionsApi } from "conekta";
import { eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { db } from "@/db";
import { invoices, subscriptions, webhookEvents } from "@/db/schema";
import { loadConnectionHandle } from "@/lib/connections/load-connection";
import { getAdapter } from "@/lib/providers";
import { conektaConfig } from "@/lib/providers/clients";
import { toInvoice } from "@/lib/providers/conekta/event-map";
import { conektaSetup, deliverConekta } from "./testing/fixtures";
import { advanceSandboxClock } from "./testing/sandbox-control";
import { drainEvents } from "./worker/run-worker";

test("Conekta events delivered in reverse with duplicates end in the sandbox's subscription states, with cycle orders as invoices", { timeout: 120_000 }, async () => {
  const setup = await conektaSetup();
  const config = conektaConfig(setup.privateKey);
  const since = new Date(Date.now() - 5_000);
  const plan = (await new PlansApi(config).createPlan({ name: "Pro", amount: 49_900, currency: "MXN", interval: "month", frequency: 1 })).data;
  const customers = new CustomersApi(config);
  const subs = new SubscriptionsApi(config);
  const created = [];
  for (const [i, token] of ["tok_test_visa_4242", "tok_test_visa_4242", "tok_test_visa_0341", "tok_test_visa_4242"].entries()) {
    const customer = (await customers.createCustomer({ name: `Cliente ${i}`, email: `c${i}@example.mx`, phone: "5512345678", payment_sources: [{ type: "card", token_id: token }] })).data;
    created.push({ customerId: customer.id, sub: (await subs.subscriptionCreate(customer.id, { plan_id: plan.id! })).data });
  }
  await subs.subscriptionPause(created[0]!.customerId, created[0]!.sub.id!);
  await subs.subscriptionCancel(created[1]!.customerId, created[1]!.sub.id!);
  await advanceSandboxClock(32 * 86_400);

  const handle = await loadConnectionHandle(db, setup.connection.id);
  const adapter = getAdapter("conekta");
  const delivered = new Set<string>();
  let sent = 0;
  // Deliver until a listing brings nothing new (another test file may move the shared clock).
  for (let round = 0; ; round += 1) {
    const fresh = (await adapter.listEvents(handle, since)).filter((e) => !delivered.has(e.providerEventId));
    if (fresh.length === 0) break;
    if (round === 0) expect(fresh.length).toBeGreaterThan(20);
    const deliveries = [...fresh].reverse().flatMap((e, i) => (i % 4 === 0 ? [e, e] : [e]));
    for (const e of deliveries) expect((await deliverConekta(setup.connection.id, e.rawBody, setup.digest(e.rawBody))).status).toBe(200);
    const outcomes = await drainEvents({ db, concurrency: 4, organizationId: setup.owner.organization.id });
    expect(outcomes.filter((o) => o !== "processed" && o !== "ignored")).toEqual([]);
    fresh.forEach((e) => delivered.add(e.providerEventId));
    sent += deliveries.length;
  }

  const remote = await adapter.listSubscriptions(handle);
  const local = await db.select().from(subscriptions).where(eq(subscriptions.connectionId, setup.connection.id));
  expect(local.map((l) => [l.providerSubscriptionId, l.status, l.providerStatus, l.currentPeriodEnd?.toISOString()]).sort()).toEqual(
    remote.map((r) => [r.providerSubscriptionId, r.status, r.providerStatus, r.currentPeriodEnd?.toISOString()]).sort(),
  );
  expect(new Set(local.map((l) => l.status))).toEqual(new Set(["paused", "canceled", "past_due", "active"]));
  const stored = await db.select().from(webhookEvents).where(eq(webhookEvents.connectionId, setup.connection.id));
  expect(stored.reduce((n, e) => n + e.deliveries, 0)).toBe(sent);

  const cycleInvoices = await db.select().from(invoices).where(eq(invoices.connectionId, setup.connection.id));
  expect(cycleInvoices.some((i) => i.status === "paid" && i.total === 49_900 && i.subscriptionId !== null && i.currency === "mxn")).toBe(true);
  expect(cycleInvoices.some((i) => i.status === "failed" && i.failedAt !== null)).toBe(true);
});

test("a Conekta order's tax lines are recorded as IVA included in the total", () => {
  const invoice = toInvoice(
    {
      id: "ord_1",
      amount: 11_600,
      currency: "MXN",
      payment_status: "paid",
      created_at: 1_700_000_000,
      tax_lines: { object: "list", has_more: false, data: [{ id: "tax_1", amount: 1_600, description: "IVA", parent_id: "ord_1", object: "tax_line" }] },
      metadata: { subscription_id: "sub_1" },
      customer_info: { customer_id: "cus_1", object: "customer_info" },
    } as never,
    "order.paid",
    new Date(1_700_000_100_000),
  );
  expect(invoice).toMatchObject({ subtotal: 10_000, tax: 1_600, total: 11_600, taxStatus: "iva_included", providerSubscriptionId: "sub_1", status: "paid", currency: "mxn" });
  // The accounting export's breakdown: the IVA line and what it applies to.
  expect(invoice.taxLines).toEqual([{ label: "IVA", amount: 1_600, taxableAmount: 10_000 }]);
});
