import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, planPrices, planProviderRefs, plans } from "@/db/schema";
import { loadConnectionHandle } from "@/lib/connections/load-connection";
import { stripeClient } from "@/lib/providers/clients";
import { connectStripeForTest } from "@/lib/testing/connections";
import { createMember, createOwner } from "@/lib/testing/factories";
import { createPlanInput } from "@/lib/validations/plans";
import { createPlan } from "./create-plan";
import { ensurePlanPriceRef } from "./ensure-plan-price-ref";
import { listPlans } from "./list-plans";
import { updatePlan } from "./update-plan";

const plusInput = createPlanInput.parse({ code: "Plus", name: "Plus", currency: "usd", prices: { monthly: 1500, yearly: 15000 } });

describe("plans", () => {
  it("creates, lists and audits a plan; the code is unique per organization", async () => {
    const owner = await createOwner("plans");
    const plan = await createPlan({ ctx: owner, input: plusInput });
    expect(plan).toMatchObject({ code: "plus", currency: "usd", trialDays: 0, prices: { monthly: 1500, yearly: 15000 }, archived: false });
    await expect(createPlan({ ctx: owner, input: plusInput })).rejects.toMatchObject({ code: "conflict", errors: [{ field: "code" }] });
    expect((await listPlans({ ctx: owner })).data.map((p) => p.code)).toEqual(["plus"]);
    const actions = await db.select().from(auditLog).where(eq(auditLog.organizationId, owner.organization.id));
    expect(actions.map((a) => a.action)).toContain("plan.created");
    // Another organization may use the same code.
    expect((await createPlan({ ctx: await createOwner("other"), input: plusInput })).code).toBe("plus");
  });

  it("validates input and lets viewers only read", async () => {
    const owner = await createOwner("plans-v");
    const viewer = await createMember(owner, "viewer");
    expect(createPlanInput.safeParse({ ...plusInput, prices: {} }).error?.issues[0]?.path).toEqual(["prices", "monthly"]);
    expect(createPlanInput.safeParse({ ...plusInput, code: "no spaces" }).success).toBe(false);
    expect(createPlanInput.safeParse({ ...plusInput, prices: { monthly: 12.5 } }).success).toBe(false);
    await expect(createPlan({ ctx: viewer, input: plusInput })).rejects.toMatchObject({ code: "forbidden" });
    expect(await db.select().from(plans).where(eq(plans.organizationId, owner.organization.id))).toHaveLength(0);
    expect((await listPlans({ ctx: viewer })).data).toEqual([]);
  });

  it("syncs each price to Stripe once, one product per plan, and re-syncs after a price change", async () => {
    const owner = await createOwner("plans-sync");
    const created = await createPlan({ ctx: owner, input: plusInput });
    const handle = await loadConnectionHandle(db, (await connectStripeForTest(owner)).id);
    const [plan] = await db.select().from(plans).where(eq(plans.id, created.id));
    const prices = await db.select().from(planPrices).where(eq(planPrices.planId, created.id));
    const monthly = prices.find((p) => p.billingCycle === "monthly")!;
    const yearly = prices.find((p) => p.billingCycle === "yearly")!;
    const a = await ensurePlanPriceRef(handle, plan!, monthly);
    expect(await ensurePlanPriceRef(handle, plan!, monthly)).toEqual(a);
    const b = await ensurePlanPriceRef(handle, plan!, yearly);
    expect(b.productRef).toBe(a.productRef);
    const price = await stripeClient("test").prices.retrieve(b.priceRef, {}, { stripeAccount: handle.connection.accountId! });
    expect(price).toMatchObject({ unit_amount: 15000, currency: "usd", recurring: { interval: "year" } });
    expect((await listPlans({ ctx: owner })).data[0]?.syncedTo).toEqual({ monthly: ["stripe test"], yearly: ["stripe test"] });

    await updatePlan({ ctx: owner, input: { planId: created.id, prices: { monthly: 1900, yearly: 15000 } } });
    const refs = await db.select().from(planProviderRefs).where(eq(planProviderRefs.connectionId, handle.connection.id));
    expect(refs.map((r) => r.planPriceId)).toEqual([yearly.id]);
    const [repriced] = await db.select().from(planPrices).where(eq(planPrices.id, monthly.id));
    const c = await ensurePlanPriceRef(handle, plan!, repriced!);
    expect(c.priceRef).not.toBe(a.priceRef);
  });

  it("archives and restores; a removed cycle is refused", async () => {
    const owner = await createOwner("plans-archive");
    const created = await createPlan({ ctx: owner, input: plusInput });
    expect((await updatePlan({ ctx: owner, input: { planId: created.id, archived: true } })).archived).toBe(true);
    expect((await updatePlan({ ctx: owner, input: { planId: created.id, archived: false, name: "Plus+" } })).name).toBe("Plus+");
    await expect(updatePlan({ ctx: owner, input: { planId: created.id, prices: { monthly: 1500 } } })).rejects.toMatchObject({
      errors: [{ field: "prices.yearly" }],
    });
    await expect(updatePlan({ ctx: await createOwner("x"), input: { planId: created.id, name: "stolen" } })).rejects.toMatchObject({ code: "not_found" });
  });
});
