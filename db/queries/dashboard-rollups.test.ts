import { eq, inArray, sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { db } from "@/db";
import { customers, invoices, organizations, planPrices, plans, subscriptions, type Mode } from "@/db/schema";
import { seedConnection, seedCustomer, seedInvoice, seedPlan, seedSubscription } from "@/lib/observability/test-support";
import { runMaintenanceJob } from "@/lib/server/maintenance-jobs";
import { createOwner } from "@/lib/testing/factories";
import { compactDashboardRollups } from "./dashboard-rollups";
import { customerTaxCounts, subscriptionsMissingTaxDataCount, taxByMonth } from "./fiscal";
import { overviewCounts, unpricedPayingSubscriptions } from "./overview";

// The rollups against a recount: the aggregates the Overview and Fiscal pages ran per request
// before the rollups, over the same rows.

const day = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * day);
const rows = async <T,>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];
const int = (v: unknown) => Number(v ?? 0);

async function recount(organizationId: string, mode: Mode, since: Date, sinceMonth: Date) {
  const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const statuses = await rows<{ status: string; n: string }>(sql`
    select status, count(*) as n from subscriptions where organization_id = ${organizationId} and mode = ${mode} group by status`);
  const paying = sql`s.organization_id = ${organizationId} and s.mode = ${mode} and s.status in ('active', 'past_due')`;
  const mrr = await rows<{ currency: string; amount: string }>(sql`
    select lower(p.currency) as currency, sum(case when s.billing_cycle = 'yearly' then round(pp.unit_amount / 12.0) else pp.unit_amount end) as amount
    from subscriptions s join plans p on p.id = s.plan_id join plan_prices pp on pp.plan_id = s.plan_id and pp.billing_cycle = s.billing_cycle
    where ${paying} and p.currency is not null group by 1`);
  const unpriced = await rows<{ id: string }>(sql`
    select s.id from subscriptions s left join plans p on p.id = s.plan_id left join plan_prices pp on pp.plan_id = s.plan_id and pp.billing_cycle = s.billing_cycle
    where ${paying} and (pp.unit_amount is null or p.currency is null)`);
  const scope = sql`organization_id = ${organizationId} and mode = ${mode}`;
  const [churn] = await rows<{ base: string; from_base: string; canceled: string }>(sql`
    select
      (select count(*) from subscriptions where ${scope} and created_at < ${at(since)} and status <> 'incomplete' and (canceled_at is null or canceled_at >= ${at(since)})) as base,
      (select count(*) from subscriptions where ${scope} and created_at < ${at(since)} and status <> 'incomplete' and canceled_at >= ${at(since)}) as from_base,
      (select count(*) from subscriptions where ${scope} and canceled_at >= ${at(since)}) as canceled`);
  const tax = await rows<{ currency: string; month: string; invoices: string; subtotal: string; tax: string; total: string }>(sql`
    select currency, to_char(date_trunc('month', paid_at at time zone 'UTC'), 'YYYY-MM') as month, count(*) as invoices, sum(subtotal) as subtotal, sum(tax) as tax, sum(total) as total
    from invoices where ${scope} and paid_at is not null and paid_at >= ${at(sinceMonth)} group by 1, 2 order by 2 desc, 1`);
  const [customerCounts] = await rows<{ total: string; missing: string; without: string }>(sql`
    select count(*) as total, count(*) filter (where tax_data_missing) as missing, count(*) filter (where not has_tax_id) as without from customers where ${scope}`);
  const billing = sql`s.organization_id = ${organizationId} and s.mode = ${mode} and s.status not in ('canceled', 'incomplete')`;
  const [missingTax] = await rows<{ n: string }>(sql`
    select count(*) as n from subscriptions s left join customers c on c.id = s.customer_id and c.organization_id = ${organizationId} and c.mode = ${mode}
    where ${billing} and (s.customer_id is null or c.tax_data_missing)`);
  return {
    statuses: Object.fromEntries(statuses.map((r) => [r.status, int(r.n)])),
    mrr: mrr.map((r) => ({ currency: r.currency, amount: int(r.amount) })).sort((a, b) => a.currency.localeCompare(b.currency)),
    unpriced: unpriced.map((r) => r.id).sort(),
    unpricedCount: unpriced.length,
    churn: { base: int(churn!.base), canceledFromBase: int(churn!.from_base), canceled: int(churn!.canceled) },
    tax: tax.map((r) => ({ currency: r.currency, month: r.month, invoices: int(r.invoices), subtotal: int(r.subtotal), tax: int(r.tax), total: int(r.total) })),
    customers: { total: int(customerCounts!.total), missing: int(customerCounts!.missing), withoutTaxId: int(customerCounts!.without) },
    subscriptionsMissingTaxData: int(missingTax!.n),
  };
}

async function fromRollups(organizationId: string, mode: Mode, since: Date, sinceMonth: Date) {
  // The Overview's figures, as its one statement reads them.
  const { statuses, mrr, unpriced, churn } = await overviewCounts(db, organizationId, mode, since);
  return {
    statuses,
    mrr: mrr.sort((a, b) => a.currency.localeCompare(b.currency)),
    // The ids are read only when the rollup counts some; then they must be that many.
    unpriced: unpriced > 0 ? (await unpricedPayingSubscriptions(db, organizationId, mode)).sort() : [],
    unpricedCount: unpriced,
    churn,
    tax: await taxByMonth(db, organizationId, mode, sinceMonth),
    customers: await customerTaxCounts(db, organizationId, mode),
    subscriptionsMissingTaxData: await subscriptionsMissingTaxDataCount(db, organizationId, mode),
  };
}

const rollupRows = async (organizationId: string) => {
  const [row] = await rows<{ n: string }>(sql`
    select (select count(*) from subscription_counts where organization_id = ${organizationId})
      + (select count(*) from subscription_day_counts where organization_id = ${organizationId})
      + (select count(*) from customer_tax_counts where organization_id = ${organizationId})
      + (select count(*) from invoice_tax_months where organization_id = ${organizationId}) as n`);
  return int(row!.n);
};

describe("dashboard rollups", () => {
  it("agree with a recount after mixed inserts, updates, status, plan, price and currency changes, and deletes, before and after compaction", async () => {
    const ctx = await createOwner("rollups");
    const org = ctx.organization.id;
    const stripe = await seedConnection(ctx);
    const conekta = await seedConnection(ctx, { provider: "conekta" });
    const live = await seedConnection(ctx, { mode: "live" });
    const usd = await seedPlan(ctx, { currency: "usd", monthly: 1900, yearly: 19_200 });
    const mxn = await seedPlan(ctx, { currency: "MXN", monthly: 29_900 });
    const monthlyOnly = await seedPlan(ctx, { currency: "usd", monthly: 500 });

    const taxed = await seedCustomer(stripe, { taxInfo: { country: "MX", taxIds: [{ type: "mx_rfc", value: "XAXX010101000" }] } });
    const untaxed = await seedCustomer(stripe, { taxInfo: null });
    const conektaBuyer = await seedCustomer(conekta, { taxInfo: { rfc: "XAXX010101000", taxRegime: "616", postalCode: "06600" } });
    await seedCustomer(live, { taxInfo: null });

    // Inserts, one of them a multi-row statement.
    const [a, b, c, d, e] = await db
      .insert(subscriptions)
      .values(
        [
          { planId: usd.id, billingCycle: "monthly" as const, status: "active" as const, customerId: taxed.id, createdAt: ago(60) },
          { planId: usd.id, billingCycle: "yearly" as const, status: "past_due" as const, customerId: untaxed.id, createdAt: ago(45) },
          { planId: mxn.id, billingCycle: "monthly" as const, status: "trialing" as const, customerId: untaxed.id, createdAt: ago(20) },
          { status: "active" as const, createdAt: ago(40) },
          { planId: usd.id, billingCycle: "monthly" as const, status: "incomplete" as const, customerId: taxed.id, createdAt: ago(2) },
        ].map((v, i) => ({ organizationId: org, mode: "test" as const, provider: "stripe" as const, connectionId: stripe.id, providerSubscriptionId: `sub_roll_${i}_${org}`, providerStatus: "active", stateAt: new Date(), ...v })),
      )
      .returning();
    const f = await seedSubscription(conekta, { planId: mxn.id, billingCycle: "monthly", status: "active", customerId: conektaBuyer.id, createdAt: ago(90) });
    const g = await seedSubscription(stripe, { planId: monthlyOnly.id, billingCycle: "monthly", status: "active", createdAt: ago(35), canceledAt: ago(50) });
    await seedSubscription(live, { planId: usd.id, billingCycle: "monthly", status: "active" });
    // Created earlier today (UTC), canceled earlier today: the churn's partial day.
    const midnight = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
    await seedSubscription(stripe, { planId: usd.id, billingCycle: "monthly", status: "canceled", createdAt: new Date(midnight.getTime() - 3 * day + 1000), canceledAt: new Date(midnight.getTime() - 30 * day + 5000) });

    // Updates: status moves, a cancellation, plan and cycle changes, a customer change, a bulk update.
    await db.update(subscriptions).set({ status: "active" }).where(eq(subscriptions.id, c!.id));
    await db.update(subscriptions).set({ status: "canceled", canceledAt: ago(3) }).where(eq(subscriptions.id, a!.id));
    await db.update(subscriptions).set({ planId: mxn.id }).where(eq(subscriptions.id, b!.id)); // now unpriced: no yearly MXN price
    await db.update(subscriptions).set({ planId: usd.id, billingCycle: "yearly", customerId: null }).where(eq(subscriptions.id, d!.id));
    await db.update(subscriptions).set({ status: "active", customerId: untaxed.id }).where(eq(subscriptions.id, e!.id));
    await db.update(subscriptions).set({ status: "past_due" }).where(inArray(subscriptions.id, [f.id, g.id]));
    await db.update(subscriptions).set({ currentPeriodEnd: new Date() }).where(eq(subscriptions.organizationId, org)); // moves no figure

    // The customer's tax data fixed, then another's lost; a price change and the plan's currency
    // change (the subscription's currency is its plan's).
    await db.update(customers).set({ taxInfo: { country: "MX" } }).where(eq(customers.id, untaxed.id));
    await db.update(customers).set({ taxInfo: { rfc: "bad" } }).where(eq(customers.id, conektaBuyer.id));
    await db.update(planPrices).set({ unitAmount: 2500 }).where(eq(planPrices.planId, usd.id));
    await db.update(plans).set({ currency: "eur" }).where(eq(plans.id, monthlyOnly.id));

    // Invoices: paid, open then paid, moved to another month, another currency, deleted.
    const paid1 = await seedInvoice(stripe, { currency: "usd", subtotal: 1000, tax: 160, total: 1160, paidAt: ago(5), subscriptionId: d!.id });
    await seedInvoice(stripe, { currency: "usd", subtotal: 2000, tax: 320, total: 2320, paidAt: ago(40) });
    const open = await seedInvoice(conekta, { currency: "mxn", subtotal: 25_776, tax: 4124, total: 29_900, paidAt: null, status: "open" });
    await seedInvoice(live, { currency: "usd", paidAt: ago(1) });
    const gone = await seedInvoice(stripe, { currency: "usd", paidAt: ago(2) });
    await db.update(invoices).set({ paidAt: ago(1), status: "paid" }).where(eq(invoices.id, open.id));
    await db.update(invoices).set({ paidAt: ago(70), currency: "eur", tax: 200 }).where(eq(invoices.id, paid1.id));
    await db.delete(invoices).where(eq(invoices.id, gone.id));

    // Deletes: a subscription, a customer (its subscriptions lose it), a plan (theirs lose it).
    await db.delete(subscriptions).where(eq(subscriptions.id, g.id));
    await db.delete(customers).where(eq(customers.id, taxed.id));
    await db.delete(plans).where(eq(plans.id, monthlyOnly.id));

    const sinceMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 11, 1));
    const sinces = [ago(30), midnight, new Date(midnight.getTime() - 30 * day + 10_000), new Date(midnight.getTime() - 3 * day + 500)];
    for (const mode of ["test", "live"] as const) {
      for (const since of sinces) expect(await fromRollups(org, mode, since, sinceMonth)).toEqual(await recount(org, mode, since, sinceMonth));
    }
    const expected = await recount(org, "test", ago(30), sinceMonth);
    expect(expected.unpriced).toEqual([b!.id]);
    expect(expected.mrr).toEqual([
      { currency: "mxn", amount: 29_900 + 29_900 },
      { currency: "usd", amount: 2500 + Math.round(2500 / 12) }, // e monthly, d yearly, after the price change
    ]);
    expect(expected.subscriptionsMissingTaxData).toBe(1 + 1); // f (its customer's RFC is bad) and d (no customer)

    const before = await rollupRows(org);
    expect(await runMaintenanceJob("rollup-compaction", db)).toMatchObject({ ran: true, result: { removed: expect.any(Number) } });
    expect(await rollupRows(org)).toBeLessThan(before);
    for (const mode of ["test", "live"] as const) expect(await fromRollups(org, mode, ago(30), sinceMonth)).toEqual(await recount(org, mode, ago(30), sinceMonth));

    // A deleted organization's rows cancel out, and compaction removes them.
    await db.delete(organizations).where(eq(organizations.id, org));
    await compactDashboardRollups(db);
    expect(await rollupRows(org)).toBe(0);
  });

  it("rejects a tax window that does not start a month, as the rollup holds whole months", async () => {
    await expect(taxByMonth(db, "00000000-0000-0000-0000-000000000000", "test", new Date("2026-03-05T00:00:00Z"))).rejects.toThrow(RangeError);
  });

  // PGlite serves one session at a time, so only PostgreSQL can show two writers not waiting on each other.
  it.skipIf(inject("databaseKind") !== "postgresql")("lets two transactions change the same organization's subscriptions at once (no shared counter row)", async () => {
    const ctx = await createOwner("rollups-concurrent");
    const stripe = await seedConnection(ctx);
    const [first, second] = [await seedSubscription(stripe, { status: "trialing" }), await seedSubscription(stripe, { status: "trialing" })];
    const one = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
    const two = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
    try {
      await one.begin(async (tx1) => {
        await tx1`update subscriptions set status = 'active' where id = ${first.id}`;
        // tx1 holds its rollup rows uncommitted; tx2 must not wait for it (lock_timeout would fail it).
        await two.begin(async (tx2) => {
          await tx2`set local lock_timeout = '2s'`;
          await tx2`update subscriptions set status = 'active' where id = ${second.id}`;
        });
      });
    } finally {
      await Promise.all([one.end(), two.end()]);
    }
    expect((await overviewCounts(db, ctx.organization.id, "test", new Date())).statuses).toEqual({ active: 2 });
  });
});
