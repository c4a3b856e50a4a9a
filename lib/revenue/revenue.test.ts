import { expect, test } from "vitest";
import { db } from "@/db";
import { planPrices, planProviderRefs, plans } from "@/db/schema";
import { stripeClient } from "@/lib/providers/clients";
import { deliverStripe, stripeSetup } from "@/lib/webhooks/testing/fixtures";
import { accountEvents, createPrice, subscribeInSandbox } from "@/lib/webhooks/testing/sandbox-billing";
import { advanceSandboxClockTo, sandboxNow } from "@/lib/webhooks/testing/sandbox-control";
import { drainEvents } from "@/lib/webhooks/worker/run-worker";
import { getRevenue } from "./get-revenue";
import { listRevenueSubscriptions } from "./list-revenue-subscriptions";

// Three months of a merchant in the sandbox, driven by its clock: six checkouts, a failing card
// (4000 0000 0000 0341) that a new card rescues on the first retry and one that runs out of
// retries, an upgrade, a downgrade, a cancellation, a pause and a resume. Every figure of the
// Revenue page is then checked exactly, and each one's drill-down names the subscriptions behind it.

const DAY = 86_400;
const monthLabel = (d: Date) => d.toISOString().slice(0, 7);

test("MRR movements and failed-renewal recovery from sandbox activity are exact", { timeout: 240_000 }, async () => {
  const setup = await stripeSetup("revenue");
  const account = setup.account.id;
  const opts = { stripeAccount: account };
  const stripe = stripeClient("test");
  const org = setup.owner.organization.id;

  // Beacon's plans, synced to the connected account's prices: MRR is priced from them.
  const planFor = async (code: string, amount: number) => {
    const price = await createPrice(account, amount);
    const [plan] = await db.insert(plans).values({ organizationId: org, code, name: code, currency: "usd" }).returning();
    const [pp] = await db.insert(planPrices).values({ planId: plan!.id, billingCycle: "monthly", unitAmount: amount }).returning();
    await db.insert(planProviderRefs).values({ planPriceId: pp!.id, connectionId: setup.connection.id, productRef: String(price.product), priceRef: price.id });
    return price;
  };
  const basic = await planFor("basic", 2_000);
  const pro = await planFor("pro", 5_000);

  let since = (await sandboxNow()) - 5;
  const delivered = new Set<string>();
  /** Delivers every new event of the account, as Stripe would, and lets a worker apply them. */
  const sync = async () => {
    const fresh = (await accountEvents(account, since)).filter((e) => !delivered.has(e.id)).reverse();
    for (const event of fresh) {
      expect((await deliverStripe(JSON.stringify(event), setup.secret)).status).toBe(200);
      delivered.add(event.id);
    }
    await drainEvents({ db, concurrency: 1, name: "revenue", organizationId: org });
  };

  // Month 1, day 2: six checkouts.
  const start = new Date((await sandboxNow()) * 1000);
  const m1 = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1) / 1000;
  await advanceSandboxClockTo(m1 + DAY);
  since = m1;
  const a = await subscribeInSandbox(account, basic.id);
  const b = await subscribeInSandbox(account, basic.id);
  const c = await subscribeInSandbox(account, pro.id);
  const d = await subscribeInSandbox(account, basic.id, { card: "4000000000000341" });
  const e = await subscribeInSandbox(account, pro.id, { card: "4000000000000341" });
  const f = await subscribeInSandbox(account, basic.id);
  await sync();

  // Month 2, day 2: renewals; D and E fail (attempt 1). Then B upgrades, C downgrades, A cancels,
  // F pauses, and D's buyer gives a working card, which the first retry (3 days later) charges.
  const m2 = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 2, 1) / 1000;
  await advanceSandboxClockTo(m2 + DAY + 2 * 3600);
  const item = async (id: string) => (await stripe.subscriptions.retrieve(id, {}, opts)).items.data[0]!.id;
  await stripe.subscriptions.update(b.subscriptionId, { items: [{ id: await item(b.subscriptionId), price: pro.id }] }, opts);
  await stripe.subscriptions.update(c.subscriptionId, { items: [{ id: await item(c.subscriptionId), price: basic.id }] }, opts);
  await stripe.subscriptions.cancel(a.subscriptionId, {}, opts);
  await stripe.subscriptions.update(f.subscriptionId, { pause_collection: { behavior: "void" } }, opts);
  const card = await stripe.paymentMethods.attach("pm_card_visa", { customer: d.customerId }, opts);
  await stripe.subscriptions.update(d.subscriptionId, { default_payment_method: card.id }, opts);
  await sync();
  // E's retries on days 5, 10 and 17 fail; after the last, the subscription is canceled.
  await advanceSandboxClockTo(m2 + 20 * DAY);
  await sync();

  // Month 3, day 3: F resumes.
  const m3 = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3, 1) / 1000;
  await advanceSandboxClockTo(m3 + 2 * DAY);
  await stripe.subscriptions.update(f.subscriptionId, { pause_collection: "" }, opts);
  await sync();

  const [month1, month2, month3] = [m1, m2, m3].map((s) => monthLabel(new Date(s * 1000))) as [string, string, string];
  const revenue = await getRevenue({ ctx: setup.owner, input: { mode: "test", to: month3, months: 3 } });
  expect(revenue.months).toEqual([month1, month2, month3]);
  const none = { count: 0, amount: 0 };
  const figures = revenue.mrr.map((m) => ({ month: m.month, provider: m.provider, currency: m.currency, mrr: m.mrr, subscriptions: m.subscriptions, ...m.movements, involuntary: m.involuntaryChurn }));
  expect(figures).toEqual([
    // A 20 + B 20 + C 50 + D 20 + E 50 + F 20
    { month: month1, provider: "stripe", currency: "usd", mrr: 18_000, subscriptions: 6, new: { count: 6, amount: 18_000 }, expansion: none, contraction: none, churn: none, reactivation: none, involuntary: none },
    // B +30, C −30, A −20 (canceled), E −50 (retries ran out: involuntary), F −20 (paused)
    { month: month2, provider: "stripe", currency: "usd", mrr: 9_000, subscriptions: 3, new: none, expansion: { count: 1, amount: 3_000 }, contraction: { count: 1, amount: -3_000 }, churn: { count: 3, amount: -9_000 }, reactivation: none, involuntary: { count: 1, amount: -5_000 } },
    // F resumes
    { month: month3, provider: "stripe", currency: "usd", mrr: 11_000, subscriptions: 4, new: none, expansion: none, contraction: none, churn: none, reactivation: { count: 1, amount: 2_000 }, involuntary: none },
  ]);
  expect(revenue.recovery).toEqual([
    {
      provider: "stripe",
      currency: "usd",
      month: month2,
      failed: { count: 2, amount: 7_000 },
      // D: paid on attempt 2 (the first retry), 3 days after the renewal failed.
      recovered: { count: 1, amount: 2_000, medianSeconds: 3 * DAY },
      churned: { count: 1, amount: 5_000 },
      pending: none,
      byAttempt: [{ attempt: 2, count: 1, amount: 2_000, medianSeconds: 3 * DAY }],
    },
  ]);

  // Each figure's drill-down lists exactly the subscriptions behind it.
  const behind = async (month: string, figure: Parameters<typeof listRevenueSubscriptions>[0]["input"]["figure"], attempt?: number) =>
    (await listRevenueSubscriptions({ ctx: setup.owner, input: { mode: "test", provider: "stripe", currency: "usd", month, figure, attempt } })).items
      .map((i) => i.providerSubscriptionId)
      .sort();
  const ids = (...subs: { subscriptionId: string }[]) => subs.map((s) => s.subscriptionId).sort();
  expect(await behind(month1, "new")).toEqual(ids(a, b, c, d, e, f));
  expect(await behind(month2, "mrr")).toEqual(ids(b, c, d));
  expect(await behind(month2, "expansion")).toEqual(ids(b));
  expect(await behind(month2, "contraction")).toEqual(ids(c));
  expect(await behind(month2, "churn")).toEqual(ids(a, e, f));
  expect(await behind(month2, "involuntary")).toEqual(ids(e));
  expect(await behind(month2, "failed")).toEqual(ids(d, e));
  expect(await behind(month2, "recovered", 2)).toEqual(ids(d));
  expect(await behind(month2, "churned")).toEqual(ids(e));
  expect(await behind(month3, "reactivation")).toEqual(ids(f));
});
