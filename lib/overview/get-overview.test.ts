import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { providerConnections, subscriptionTimeline } from "@/db/schema";
import { minutesAgo, seedCheckout, seedConnection, seedCustomer, seedEndpoint, seedEvent, seedInvoice, seedPlan, seedSubscription } from "@/lib/observability/test-support";
import { createMember, createOwner } from "@/lib/testing/factories";
import { getOverview } from "./get-overview";

const daysAgo = (days: number) => minutesAgo(days * 24 * 60);
const doneSteps = async (ctx: Parameters<typeof getOverview>[0]["ctx"], mode: "test" | "live" = "test") =>
  (await getOverview({ ctx, mode })).steps.filter((s) => s.done).map((s) => s.key);

describe("getOverview", () => {
  it("checks the quickstart's steps off as the data gets there, each open step linking to where it is done", async () => {
    const ctx = await createOwner("quickstart");
    const slug = ctx.organization.slug;
    let overview = await getOverview({ ctx, mode: "test" });
    expect(overview.steps.map((s) => [s.key, s.done, s.href])).toEqual([
      ["connect", false, `/${slug}/connections`],
      ["webhooks", false, `/${slug}/connections`],
      ["plan", false, `/${slug}/plans`],
      ["checkout", false, `/${slug}/settings#api-tokens`],
      ["confirm", false, `/${slug}/checkouts`],
      ["validate", false, `/${slug}/observability`],
    ]);

    // Onboarding not finished: connected but not able to charge.
    const stripe = await seedConnection(ctx, {
      status: "in_progress",
      details: { chargesEnabled: false, payoutsEnabled: false, detailsSubmitted: false, requirements: { currentlyDue: [], pastDue: [], eventuallyDue: [], disabledReason: null } },
    });
    expect((await getOverview({ ctx, mode: "test" })).steps[0]!.done).toBe(false);
    // Stripe's endpoints are Beacon's own, shared by every organization (other tests verify them), so
    // the rest of the walk uses Conekta alone.
    await db.delete(providerConnections).where(eq(providerConnections.id, stripe.id));
    const conekta = await seedConnection(ctx, { provider: "conekta" });
    expect((await getOverview({ ctx, mode: "test" })).steps[0]).toMatchObject({ done: true, providers: ["conekta"] });

    // An endpoint alone is not verification; a verified delivery is.
    await seedEndpoint(conekta);
    expect(await doneSteps(ctx)).toEqual(["connect"]);
    await seedEvent(conekta, { type: "webhook_ping" });
    expect(await doneSteps(ctx)).toEqual(["connect", "webhooks"]);

    // A new organization is pointed to Plans before Checkouts: a checkout sells a plan.
    const plan = await seedPlan(ctx, { currency: "mxn" });
    expect(await doneSteps(ctx)).toEqual(["connect", "webhooks", "plan"]);
    await seedCheckout(conekta, plan);
    overview = await getOverview({ ctx, mode: "test" });
    expect(overview.steps[3]).toMatchObject({ key: "checkout", done: true, href: `/${slug}/checkouts` });
    expect(overview.steps[4]!.done).toBe(false);

    await seedSubscription(conekta, { planId: plan.id, billingCycle: "monthly", status: "active" });
    expect(await doneSteps(ctx)).toEqual(["connect", "webhooks", "plan", "checkout", "confirm", "validate"]);
    // A warning leaves it checked; a critical alert (a dead event) unchecks it.
    await seedCheckout(conekta, plan, { createdAt: minutesAgo(23 * 60) });
    overview = await getOverview({ ctx, mode: "test" });
    expect(overview.alerts).toMatchObject({ critical: 0, warning: 1 });
    expect(overview.steps[5]!.done).toBe(true);
    await seedEvent(conekta, { status: "dead", processedAt: null });
    overview = await getOverview({ ctx, mode: "test" });
    expect(overview.alerts.top[0]).toMatchObject({ rule: "dead_events", severity: "critical" });
    expect(overview.steps.map((s) => s.done)).toEqual([true, true, true, true, true, false]);
    // Live mode is a different world; plans serve both modes.
    expect(await doneSteps(ctx, "live")).toEqual(["plan"]);
  });

  it("counts subscriptions by status, MRR per currency and 30-day churn", async () => {
    const ctx = await createOwner("kpis");
    const stripe = await seedConnection(ctx);
    const usd = await seedPlan(ctx, { currency: "usd", monthly: 1900, yearly: 19_200 });
    const mxn = await seedPlan(ctx, { currency: "mxn", monthly: 29_900 });
    await seedSubscription(stripe, { planId: usd.id, billingCycle: "monthly", status: "active" });
    await seedSubscription(stripe, { planId: usd.id, billingCycle: "yearly", status: "past_due" });
    await seedSubscription(stripe, { planId: mxn.id, billingCycle: "monthly", status: "active" });
    await seedSubscription(stripe, { planId: usd.id, billingCycle: "monthly", status: "trialing" });
    // No plan known: MRR from its last paid invoice (a yearly period counts a twelfth).
    const unplanned = await seedSubscription(stripe, { status: "active" });
    await seedInvoice(stripe, { subscriptionId: unplanned.id, currency: "usd", subtotal: 12_000, periodStart: daysAgo(10), periodEnd: minutesAgo(-355 * 24 * 60) });
    // Churn: 5 live 30 days ago, one of them canceled since; a newer one canceled too.
    for (let i = 0; i < 4; i++) await seedSubscription(stripe, { createdAt: daysAgo(60), status: "active", planId: usd.id, billingCycle: "monthly" });
    await seedSubscription(stripe, { createdAt: daysAgo(90), status: "canceled", canceledAt: daysAgo(3) });
    await seedSubscription(stripe, { createdAt: daysAgo(10), status: "canceled", canceledAt: daysAgo(2) });
    await seedSubscription(stripe, { createdAt: daysAgo(120), status: "canceled", canceledAt: daysAgo(45) });

    const { kpis } = await getOverview({ ctx, mode: "test" });
    expect(kpis).toMatchObject({ active: 7, trialing: 1, pastDue: 1 });
    expect(kpis.mrr).toEqual([
      { currency: "mxn", amount: 29_900 },
      { currency: "usd", amount: 1900 + 1600 + 1000 + 4 * 1900 },
    ]);
    expect(kpis.churn).toEqual({ days: 30, canceled: 2, base: 5, rate: 0.2 });
  });

  it("shows subscription changes to everyone, naming customer, plan and price, and the audit log only to admins", async () => {
    const ctx = await createOwner("activity");
    const viewer = await createMember(ctx, "viewer");
    const stripe = await seedConnection(ctx);
    const plan = await seedPlan(ctx, { monthly: 1900 });
    const customer = await seedCustomer(stripe, { name: "Ana López" });
    const sub = await seedSubscription(stripe, { status: "past_due", planId: plan.id, billingCycle: "monthly", customerId: customer.id });
    const entry = { subscriptionId: sub.id, organizationId: ctx.organization.id, occurredAt: new Date(), source: "event" as const, sourceRef: "evt_1" };
    // Another organization's plan is not named here: its id is shown as recorded.
    const theirPlan = await seedPlan(await createOwner("activity-other"), { monthly: 900 });
    await db.insert(subscriptionTimeline).values({ ...entry, field: "plan", fromValue: theirPlan.id, toValue: plan.id });
    await db.insert(subscriptionTimeline).values({ ...entry, field: "plan", fromValue: null, toValue: plan.id });
    await db.insert(subscriptionTimeline).values({ ...entry, field: "status", fromValue: "active", toValue: "past_due" });
    const mine = await getOverview({ ctx, mode: "test" });
    expect(mine.activity[0]).toMatchObject({
      kind: "timeline",
      field: "status",
      from: "active",
      to: "past_due",
      href: `/${ctx.organization.slug}/subscriptions/${sub.id}`,
      customer: "Ana López",
      plan: plan.name,
      price: { minor: 1900, currency: "usd", cycle: "monthly" },
    });
    // Plans are shown by their name, not their id.
    expect(mine.activity[1]).toMatchObject({ kind: "timeline", field: "plan", from: null, to: plan.name });
    expect(mine.activity[2]).toMatchObject({ kind: "timeline", field: "plan", from: theirPlan.id, to: plan.name });
    expect(mine.activity.some((a) => a.kind === "audit" && a.action === "member.joined")).toBe(true);
    const theirs = await getOverview({ ctx: viewer, mode: "test" });
    expect(theirs.activity.map((a) => a.kind)).toEqual(["timeline", "timeline", "timeline"]);
  });
});
