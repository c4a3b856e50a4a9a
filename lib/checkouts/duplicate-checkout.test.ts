import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { checkouts } from "@/db/schema";
import { stripeClient } from "@/lib/providers/clients";
import { checkoutOrg, confirmCheckoutById, payStripeCheckout, postCheckout } from "@/lib/testing/checkouts";
import { connectConektaForTest } from "@/lib/testing/connections";
import { createTestCheckout } from "./create-test-checkout";
import { problemOf } from "@/lib/testing/problem";

// Two Idempotency-Keys are two requests, not two intents: a buyer with an open checkout (or a
// live subscription) to the plan gets pointed at it, unless the integrator says otherwise.

async function expectOpenCheckoutConflict(res: Response, first: { id: string; url: string }) {
  expect(res.status).toBe(409);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(await res.json()).toMatchObject({ code: "conflict", status: 409, reason: "open_checkout", checkout: { id: first.id, url: first.url, status: "open", plan: "plus" } });
}

describe("a second checkout for the same buyer and plan", () => {
  it("Stripe: 409 names the open checkout; same-key replays, allowDuplicate and an expired checkout do not", async () => {
    const org = await checkoutOrg("dup-open");
    const body = org.body({ customer: { reference: "cust-dup" } });
    const first = await postCheckout(org.token, body, "chk_dupA");
    expect(first.status).toBe(201);
    const a = await first.json();

    await expectOpenCheckoutConflict(await postCheckout(org.token, body, "chk_dupB"), a);
    // By email when there is no reference, and on another cycle of the same plan too.
    const byEmail = org.body({ customer: { email: "dup@example.com" } });
    const e = await (await postCheckout(org.token, byEmail, "chk_dupE1")).json();
    await expectOpenCheckoutConflict(await postCheckout(org.token, { ...byEmail, billingCycle: "yearly" }, "chk_dupE2"), e);

    // The dashboard's test checkout goes through the same check.
    const dashboard = { plan: "plus", billingCycle: "monthly" as const, customer: { email: "dup@example.com" } };
    await expect(problemOf(createTestCheckout({ ctx: org.owner, input: dashboard, requestId: "req-dup" }))).resolves.toMatchObject({ code: "conflict", reason: "open_checkout", checkout: { id: e.id } });

    const replay = await postCheckout(org.token, body, "chk_dupA");
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect((await replay.json()).id).toBe(a.id);

    const allowed = await postCheckout(org.token, { ...body, allowDuplicate: true }, "chk_dupC");
    expect(allowed.status).toBe(201);
    const invalid = await postCheckout(org.token, { ...body, allowDuplicate: "yes" }, "chk_dupD");
    expect(invalid.status).toBe(422);

    // Once neither is open any more, the buyer may start again; once subscribed, they may not.
    for (const id of [a.id, (await allowed.json()).id]) {
      const [row] = await db.select().from(checkouts).where(eq(checkouts.id, id));
      await stripeClient("test").checkout.sessions.expire(row!.providerCheckoutId, {}, { stripeAccount: org.stripe!.accountId! });
      expect(await (await confirmCheckoutById(org.token, id)).json()).toMatchObject({ status: "expired" });
    }
    const again = await postCheckout(org.token, body, "chk_dupF");
    expect(again.status).toBe(201);
    const f = await again.json();
    expect((await payStripeCheckout(f.url)).status).toBe(303);
    expect(await (await confirmCheckoutById(org.token, f.id)).json()).toMatchObject({ status: "completed", subscription: { status: "active" } });
    const subscribed = await postCheckout(org.token, body, "chk_dupG");
    expect(subscribed.status).toBe(409);
    expect(await subscribed.json()).toMatchObject({ reason: "duplicate_subscription" });
  });

  it("Conekta: 409 names the open order's checkout and its url, unless allowDuplicate is true", async () => {
    const org = await checkoutOrg("dup-conekta", { stripe: false });
    await connectConektaForTest(org.owner);
    const buyer = { email: "ana@example.com", name: "Ana López", phone: "+52 55 1234 5678", reference: "mx-dup" };
    const body = org.body({ provider: "conekta", customer: buyer });
    const first = await postCheckout(org.token, body, "chk_dupA");
    expect(first.status).toBe(201);
    const a = await first.json();
    await expectOpenCheckoutConflict(await postCheckout(org.token, body, "chk_dupB"), a);
    expect((await postCheckout(org.token, body, "chk_dupA")).headers.get("idempotent-replayed")).toBe("true");
    expect((await postCheckout(org.token, { ...body, allowDuplicate: true }, "chk_dupC")).status).toBe(201);
  });
});
