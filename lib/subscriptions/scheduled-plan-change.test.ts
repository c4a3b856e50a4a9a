import { CustomersApi, PlansApi, SubscriptionsApi } from "conekta";
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { db } from "@/db";
import { planPrices, planProviderRefs, plans, subscriptions, subscriptionTimeline } from "@/db/schema";
import { loadConnectionHandle } from "@/lib/connections/load-connection";
import { getAdapter } from "@/lib/providers";
import { conektaConfig } from "@/lib/providers/clients";
import { conektaSetup, deliverConekta } from "@/lib/webhooks/testing/fixtures";
import { advanceSandboxClock } from "@/lib/webhooks/testing/sandbox-control";
import { drainEvents } from "@/lib/webhooks/worker/run-worker";
import { changeSubscription } from "./change-subscription";
import { getSubscription } from "./get-subscription";

const DAY = 86_400;

/** A Conekta account with plans Pro and Team (known to Beacon too) and one customer subscribed to Pro. */
async function conektaSubscriber(label: string) {
  const setup = await conektaSetup(label);
  const config = conektaConfig(setup.privateKey);
  const handle = await loadConnectionHandle(db, setup.connection.id);
  const since = new Date(Date.now() - 5_000);
  const seen = new Set<string>();
  // The provider's events not delivered yet, delivered and processed one at a time, oldest first.
  const sync = async () => {
    const events = (await getAdapter("conekta").listEvents(handle, since)).filter((e) => !seen.has(e.providerEventId));
    for (const e of events) {
      seen.add(e.providerEventId);
      await deliverConekta(setup.connection.id, e.rawBody, setup.digest(e.rawBody));
      await drainEvents({ db, concurrency: 1, name: label, organizationId: setup.owner.organization.id });
    }
    return events;
  };
  const beaconPlan = async (code: string, amount: number) => {
    const remote = (await new PlansApi(config).createPlan({ name: code, amount, currency: "MXN", interval: "month", frequency: 1 })).data;
    const [plan] = await db.insert(plans).values({ organizationId: setup.owner.organization.id, code, name: code, currency: "mxn" }).returning();
    const [price] = await db.insert(planPrices).values({ planId: plan!.id, billingCycle: "monthly", unitAmount: amount }).returning();
    await db.insert(planProviderRefs).values({ planPriceId: price!.id, connectionId: setup.connection.id, priceRef: remote.id! });
    return { plan: plan!, remoteId: remote.id! };
  };
  const pro = await beaconPlan("pro", 20_000);
  const team = await beaconPlan("team", 50_000);
  const customer = (await new CustomersApi(config).createCustomer({ name: "Ana", email: "ana@example.mx", phone: "5512345678", payment_sources: [{ type: "card", token_id: "tok_test_visa_4242" }] })).data;
  const remote = (await new SubscriptionsApi(config).subscriptionCreate(customer.id, { plan_id: pro.remoteId })).data;
  await sync();
  const row = async () => (await db.select().from(subscriptions).where(eq(subscriptions.providerSubscriptionId, remote.id!)))[0]!;
  const timeline = async (field: string) =>
    db
      .select({ from: subscriptionTimeline.fromValue, to: subscriptionTimeline.toValue, source: subscriptionTimeline.source, at: subscriptionTimeline.occurredAt })
      .from(subscriptionTimeline)
      .where(and(eq(subscriptionTimeline.subscriptionId, (await row()).id), eq(subscriptionTimeline.field, field)))
      .orderBy(subscriptionTimeline.id);
  return { setup, sync, pro, team, row, timeline };
}

describe("a Conekta plan change", () => {
  // Conekta's guide: moving from plan A to plan B starts charging B when A's cycle ends.
  test("is scheduled for the end of the cycle, shown with its date, and applied by the renewal", { timeout: 120_000 }, async () => {
    const s = await conektaSubscriber("scheduled-plan");
    const before = await s.row();
    expect(before).toMatchObject({ planId: s.pro.plan.id, status: "active" });
    const options = async () => (await getSubscription({ ctx: s.setup.owner, input: { subscriptionId: before.id } })).planOptions.map((p) => `${p.code}:${p.billingCycle}`);
    expect(await options()).toEqual(["team:monthly"]);

    const answer = await changeSubscription({ ctx: s.setup.owner, input: { subscriptionId: before.id, action: "change_plan", plan: "team", billingCycle: "monthly" } });
    expect(answer.scheduled).toEqual({ plan: "team", billingCycle: "monthly", effectiveAt: before.currentPeriodEnd!.toISOString() });
    const scheduled = await s.row();
    expect(scheduled).toMatchObject({ planId: s.pro.plan.id, scheduledPlanId: s.team.plan.id, scheduledBillingCycle: "monthly", scheduledPlanAt: before.currentPeriodEnd });
    expect(await s.timeline("scheduled_plan")).toEqual([expect.objectContaining({ from: null, to: s.team.plan.id, source: "api" })]);
    expect(await s.timeline("plan")).toEqual([expect.objectContaining({ from: null, to: s.pro.plan.id })]);
    // The subscription page shows it: the plan and its date, and the timeline names the plan by code.
    const page = await getSubscription({ ctx: s.setup.owner, input: { subscriptionId: before.id } });
    expect(page.scheduledChange).toMatchObject({ plan: { code: "team" }, billingCycle: "monthly", effectiveAt: before.currentPeriodEnd!.toISOString() });
    expect(page.plan).toMatchObject({ code: "pro" });
    // The page offers the current plan back (choosing it cancels the change), not the scheduled one again.
    expect(await options()).toEqual(["pro:monthly"]);
    expect(page.timeline.filter((t) => t.field.startsWith("scheduled_plan")).map((t) => `${t.field}:${t.to}`)).toEqual(
      expect.arrayContaining(["scheduled_plan:team", `scheduled_plan_at:${before.currentPeriodEnd!.toISOString()}`]),
    );

    // Conekta's own subscription.updated (plan_id already the new one) keeps it scheduled.
    expect((await s.sync()).map((e) => e.type)).toContain("subscription.updated");
    expect(await s.row()).toMatchObject({ planId: s.pro.plan.id, scheduledPlanId: s.team.plan.id });

    // The renewal bills Team: now it is the plan, and nothing is scheduled any more.
    await advanceSandboxClock(32 * DAY);
    await s.sync();
    const renewed = await s.row();
    expect(renewed).toMatchObject({ planId: s.team.plan.id, scheduledPlanId: null, scheduledBillingCycle: null, scheduledPlanAt: null, status: "active" });
    expect(renewed.currentPeriodStart!.getTime()).toBeGreaterThanOrEqual(before.currentPeriodEnd!.getTime());
    expect((await s.timeline("plan")).map((t) => t.to)).toEqual([s.pro.plan.id, s.team.plan.id]);
    expect((await s.timeline("scheduled_plan")).map((t) => t.to)).toEqual([s.team.plan.id, null]);
    expect(await options()).toEqual(["pro:monthly"]);
  });

  test("back to the current plan before the cycle ends cancels the scheduled change", { timeout: 120_000 }, async () => {
    const s = await conektaSubscriber("unscheduled-plan");
    const id = (await s.row()).id;
    await changeSubscription({ ctx: s.setup.owner, input: { subscriptionId: id, action: "change_plan", plan: "team", billingCycle: "monthly" } });
    const answer = await changeSubscription({ ctx: s.setup.owner, input: { subscriptionId: id, action: "change_plan", plan: "pro", billingCycle: "monthly" } });
    expect(answer.scheduled).toBeNull();
    expect(await s.row()).toMatchObject({ planId: s.pro.plan.id, scheduledPlanId: null, scheduledPlanAt: null });
  });
});

describe("a dashboard action", () => {
  // The provider's clock ran 32 days ahead (a renewal happened there) before its webhooks reached
  // Beacon; the admin then pauses. Stamped with the wall clock, the pause is older than the
  // renewal's `subscription.paid` (active), which then wins: paused → active → paused.
  test("is ordered by the provider's time of the state it read, so older webhooks never undo it", { timeout: 120_000 }, async () => {
    const s = await conektaSubscriber("action-provider-time");
    const id = (await s.row()).id;
    await advanceSandboxClock(32 * DAY);
    expect(await changeSubscription({ ctx: s.setup.owner, input: { subscriptionId: id, action: "pause" } })).toMatchObject({ status: "paused" });
    expect((await s.sync()).map((e) => e.type)).toEqual(expect.arrayContaining(["subscription.paid", "subscription.paused"]));
    expect(await s.row()).toMatchObject({ status: "paused" });
    const statuses = (await s.timeline("status")).map((t) => `${t.from}→${t.to}`);
    expect(statuses).not.toContain("paused→active");
    expect(statuses.at(-1)).toBe("active→paused");
  });
});
