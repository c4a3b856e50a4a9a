import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { db } from "@/db";
import {
  checkouts,
  customers,
  eventAttempts,
  invoices,
  planPrices,
  plans,
  providerConnections,
  subscriptions,
  webhookEndpoints,
  webhookEvents,
  webhookRejections,
  type Checkout,
  type ConnectionDetails,
  type Customer,
  type Invoice,
  type Mode,
  type Plan,
  type Provider,
  type ProviderConnection,
  type Subscription,
  type WebhookEndpoint,
  type WebhookEvent,
} from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import { connectionScope } from "@/lib/connections/load-connection";

// Rows inserted straight into the tables, so tests of what Beacon reads (alerts, metrics, the
// Overview, fiscal signals) can create each situation without the provider flows that write them.

const rid = (prefix: string) => `${prefix}_${randomBytes(8).toString("hex")}`;
export const minutesAgo = (minutes: number, now = Date.now()) => new Date(now - minutes * 60_000);

const enabledDetails: ConnectionDetails = {
  chargesEnabled: true,
  payoutsEnabled: true,
  detailsSubmitted: true,
  requirements: { currentlyDue: [], pastDue: [], eventuallyDue: [], disabledReason: null },
};

export async function seedConnection(ctx: OrgContext, values: Partial<ProviderConnection> & { provider?: Provider; mode?: Mode } = {}) {
  const [row] = await db
    .insert(providerConnections)
    .values({ organizationId: ctx.organization.id, provider: "stripe", mode: "test", status: "enabled", accountId: rid("acct"), details: enabledDetails, ...values })
    .returning();
  return row!;
}

export async function seedEndpoint(connection: ProviderConnection | null, values: Partial<WebhookEndpoint> = {}) {
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      organizationId: connection?.organizationId ?? null,
      connectionId: connection?.id ?? null,
      provider: connection?.provider ?? "stripe",
      mode: connection?.mode ?? "test",
      kind: connection?.provider === "conekta" ? "conekta" : "stripe_connect",
      providerEndpointId: rid("we"),
      url: "https://beacon.test/api/webhooks",
      ...values,
    })
    .returning();
  return row!;
}

export async function seedEvent(connection: ProviderConnection, values: Partial<WebhookEvent> = {}) {
  const [row] = await db
    .insert(webhookEvents)
    .values({
      provider: connection.provider,
      mode: connection.mode,
      account: connection.accountId ?? "",
      providerEventId: rid("evt"),
      type: "customer.subscription.updated",
      organizationId: connection.organizationId,
      connectionId: connection.id,
      providerCreatedAt: new Date(),
      rawBody: "{}",
      status: "processed",
      processedAt: new Date(),
      ...values,
    })
    .returning();
  return row!;
}

export async function seedAttempt(event: WebhookEvent, outcome: "processed" | "ignored" | "failed" | "dead", startedAt = new Date()) {
  await db.insert(eventAttempts).values({ eventId: event.id, worker: "test", startedAt, finishedAt: startedAt, durationMs: 5, outcome });
}

export async function seedRejection(ctx: OrgContext | null, values: Partial<typeof webhookRejections.$inferInsert> = {}) {
  await db.insert(webhookRejections).values({
    provider: "stripe",
    organizationId: ctx?.organization.id ?? null,
    reason: "bad_signature",
    bodySha256: randomBytes(32).toString("hex"),
    ...values,
  });
}

export async function seedPlan(ctx: OrgContext, values: { currency?: string; monthly?: number; yearly?: number } = {}): Promise<Plan> {
  const [plan] = await db
    .insert(plans)
    .values({ organizationId: ctx.organization.id, code: rid("plan"), name: "Plus", currency: values.currency ?? "usd" })
    .returning();
  const prices = [
    { planId: plan!.id, billingCycle: "monthly" as const, unitAmount: values.monthly ?? 1900 },
    ...(values.yearly ? [{ planId: plan!.id, billingCycle: "yearly" as const, unitAmount: values.yearly }] : []),
  ];
  await db.insert(planPrices).values(prices);
  return plan!;
}

export async function seedCheckout(connection: ProviderConnection, plan: Plan, values: Partial<Checkout> = {}) {
  const [row] = await db
    .insert(checkouts)
    .values({
      ...connectionScope(connection),
      planId: plan.id,
      billingCycle: "monthly",
      providerCheckoutId: rid("cs_test"),
      url: "https://checkout.test/pay",
      ...values,
    })
    .returning();
  return row!;
}

export async function seedCustomer(connection: ProviderConnection, values: Partial<Customer> = {}) {
  const [row] = await db
    .insert(customers)
    .values({
      ...connectionScope(connection),
      providerCustomerId: rid("cus"),
      email: `${randomUUID().slice(0, 8)}@buyer.test`,
      ...values,
    })
    .returning();
  return row!;
}

export async function seedSubscription(connection: ProviderConnection, values: Partial<Subscription> = {}) {
  const [row] = await db
    .insert(subscriptions)
    .values({
      ...connectionScope(connection),
      providerSubscriptionId: rid("sub"),
      status: "active",
      providerStatus: "active",
      stateAt: new Date(),
      ...values,
    })
    .returning();
  return row!;
}

export async function seedInvoice(connection: ProviderConnection, values: Partial<Invoice> = {}) {
  const [row] = await db
    .insert(invoices)
    .values({
      ...connectionScope(connection),
      providerInvoiceId: rid("in"),
      status: "paid",
      currency: "usd",
      subtotal: 1000,
      tax: 160,
      total: 1160,
      taxStatus: "complete",
      providerCreatedAt: new Date(),
      paidAt: new Date(),
      ...values,
    })
    .returning();
  return row!;
}
