import { CustomersApi, PlansApi, SubscriptionsApi } from "conekta";
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { db } from "@/db";
import { auditLog, planPrices, planProviderRefs, plans, subscriptions, subscriptionTimeline } from "@/db/schema";
import { conektaConfig, stripeClient } from "@/lib/providers/clients";
import { createMember } from "@/lib/testing/factories";
import { conektaSetup, deliverConekta, deliverStripe, stripeSetup } from "@/lib/webhooks/testing/fixtures";
import { accountEvents, createPrice, subscribeInSandbox } from "@/lib/webhooks/testing/sandbox-billing";
import { drainEvents } from "@/lib/webhooks/worker/run-worker";
import { getAdapter } from "@/lib/providers";
import { loadConnectionHandle } from "@/lib/connections/load-connection";
import type { SubscriptionActionInput } from "@/lib/validations/subscriptions";
import { changeSubscription } from "./change-subscription";

async function rowOf(providerSubscriptionId: string) {
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.providerSubscriptionId, providerSubscriptionId));
  return row!;
}

describe("Stripe subscription actions", () => {
  test("pause, resume, cancel at period end, change plan and cancel go to Stripe, the timeline and the audit log", { timeout: 60_000 }, async () => {
    const setup = await stripeSetup("actions");
    const since = Math.floor(Date.now() / 1000) - 5;
    const price = await createPrice(setup.account.id, 2_000);
    const upgrade = await createPrice(setup.account.id, 5_000);
    const { subscriptionId } = await subscribeInSandbox(setup.account.id, price.id);
    for (const e of await accountEvents(setup.account.id, since)) await deliverStripe(JSON.stringify(e), setup.secret);
    await drainEvents({ db, concurrency: 2, organizationId: setup.owner.organization.id });
    const id = (await rowOf(subscriptionId)).id;
    const act = (input: SubscriptionActionInput, ctx = setup.owner) => changeSubscription({ ctx, input: { subscriptionId: id, ...input } });

    const viewer = await createMember(setup.owner, "viewer");
    await expect(act({ action: "pause" }, viewer)).rejects.toMatchObject({ code: "forbidden" });
    expect(await act({ action: "pause" })).toMatchObject({ status: "paused", providerStatus: "active" });
    await expect(act({ action: "pause" })).rejects.toMatchObject({ code: "conflict" });
    expect(await act({ action: "resume" })).toMatchObject({ status: "active" });
    await act({ action: "cancel_at_period_end" });
    expect(await rowOf(subscriptionId)).toMatchObject({ cancelAtPeriodEnd: true, status: "active" });

    const [plan] = await db.insert(plans).values({ organizationId: setup.owner.organization.id, code: "pro", name: "Pro", currency: "usd" }).returning();
    const [planPrice] = await db.insert(planPrices).values({ planId: plan!.id, billingCycle: "monthly", unitAmount: 5_000 }).returning();
    await db.insert(planProviderRefs).values({ planPriceId: planPrice!.id, connectionId: setup.connection.id, priceRef: upgrade.id });
    await act({ action: "change_plan", plan: "pro", billingCycle: "monthly" });
    expect(await rowOf(subscriptionId)).toMatchObject({ planId: plan!.id, billingCycle: "monthly" });
    // A plan no checkout has sold at this account yet is set up at Stripe by the change itself.
    const [team] = await db.insert(plans).values({ organizationId: setup.owner.organization.id, code: "team", name: "Team", currency: "usd" }).returning();
    const [teamYearly] = await db.insert(planPrices).values({ planId: team!.id, billingCycle: "yearly", unitAmount: 90_000 }).returning();
    await act({ action: "change_plan", plan: "team", billingCycle: "yearly" });
    expect(await rowOf(subscriptionId)).toMatchObject({ planId: team!.id, billingCycle: "yearly" });
    const [teamRef] = await db.select().from(planProviderRefs).where(eq(planProviderRefs.planPriceId, teamYearly!.id));
    expect(teamRef).toMatchObject({ connectionId: setup.connection.id });
    const synced = await stripeClient("test").prices.retrieve(teamRef!.priceRef, {}, { stripeAccount: setup.account.id });
    expect([synced.unit_amount, synced.recurring?.interval]).toEqual([90_000, "year"]);
    // No such plan, no such cycle, another currency: refused, and the subscription stays on Team.
    await expect(act({ action: "change_plan", plan: "missing", billingCycle: "monthly" } as never)).rejects.toMatchObject({ code: "validation_failed" });
    await expect(act({ action: "change_plan", plan: "team", billingCycle: "monthly" })).rejects.toMatchObject({ code: "validation_failed" });
    const [pesos] = await db.insert(plans).values({ organizationId: setup.owner.organization.id, code: "pesos", name: "Pesos", currency: "mxn" }).returning();
    await db.insert(planPrices).values({ planId: pesos!.id, billingCycle: "monthly", unitAmount: 30_000 });
    await expect(act({ action: "change_plan", plan: "pesos", billingCycle: "monthly" })).rejects.toMatchObject({ code: "conflict" });
    expect(await rowOf(subscriptionId)).toMatchObject({ planId: team!.id });

    expect(await act({ action: "cancel" })).toMatchObject({ status: "canceled" });
    await expect(act({ action: "resume" })).rejects.toMatchObject({ code: "conflict" });
    const remote = await getAdapter("stripe").retrieveSubscription(await loadConnectionHandle(db, setup.connection.id), { subscriptionId, customerId: null });
    expect(remote.status).toBe("canceled");

    const timeline = await db.select().from(subscriptionTimeline).where(and(eq(subscriptionTimeline.subscriptionId, id), eq(subscriptionTimeline.source, "api")));
    expect(timeline.map((t) => `${t.field}:${t.toValue}`)).toEqual(expect.arrayContaining(["status:paused", "status:active", "cancel_at_period_end:true", `plan:${plan!.id}`, "status:canceled"]));
    expect(timeline.every((t) => t.sourceRef?.startsWith("dashboard: "))).toBe(true);
    const audit = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["subscription.pause", "subscription.resume", "subscription.cancel_at_period_end", "subscription.change_plan", "subscription.cancel"]));
  });
});

describe("Conekta subscription actions", () => {
  test("follow Conekta's rules: pause only when active, no cancel at period end", { timeout: 60_000 }, async () => {
    const setup = await conektaSetup("conekta-actions");
    const config = conektaConfig(setup.privateKey);
    const since = new Date(Date.now() - 5_000);
    const plan = (await new PlansApi(config).createPlan({ name: "Pro", amount: 20_000, currency: "MXN", interval: "month", frequency: 1 })).data;
    const customer = (await new CustomersApi(config).createCustomer({ name: "Ana", email: "ana@example.mx", phone: "5512345678", payment_sources: [{ type: "card", token_id: "tok_test_visa_4242" }] })).data;
    const sub = (await new SubscriptionsApi(config).subscriptionCreate(customer.id, { plan_id: plan.id! })).data;
    const handle = await loadConnectionHandle(db, setup.connection.id);
    for (const e of await getAdapter("conekta").listEvents(handle, since)) await deliverConekta(setup.connection.id, e.rawBody, setup.digest(e.rawBody));
    await drainEvents({ db, concurrency: 2, organizationId: setup.owner.organization.id });
    const id = (await rowOf(sub.id!)).id;
    const act = (action: "pause" | "resume" | "cancel" | "cancel_at_period_end") => changeSubscription({ ctx: setup.owner, input: { subscriptionId: id, action } });

    await expect(act("cancel_at_period_end")).rejects.toMatchObject({ code: "conflict" });
    expect(await act("pause")).toMatchObject({ status: "paused", providerStatus: "paused" });
    await expect(act("pause")).rejects.toMatchObject({ code: "conflict" });
    expect(await act("resume")).toMatchObject({ status: "active" });
    expect(await act("cancel")).toMatchObject({ status: "canceled" });
    expect(await rowOf(sub.id!)).toMatchObject({ status: "canceled" });
  });
});
