import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { checkouts, idempotencyKeys, planProviderRefs, providerConnections } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { updateFiscalSettings } from "@/lib/fiscal/update-fiscal-settings";
import { stripeClient } from "@/lib/providers/clients";
import { checkoutOrg, getCheckoutById, listCheckoutsPage, postCheckout } from "@/lib/testing/checkouts";
import { createOwner } from "@/lib/testing/factories";

const rowsOf = (organizationId: string) => db.select().from(checkouts).where(eq(checkouts.organizationId, organizationId));

describe("POST /v1/billing/subscription-checkouts", () => {
  it("creates a Stripe checkout on the connected account and answers 201 with the hosted URL", async () => {
    const org = await checkoutOrg("create");
    const res = await postCheckout(org.token, org.body({ customer: { email: "ana@example.com", reference: "cust-1" }, successUrl: "https://shop.test/ok" }), "chk_1");
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ status: "open", provider: "stripe", mode: "test", plan: "plus", billingCycle: "monthly", subscription: null, stuck: false });
    expect(body.url).toMatch(/\/checkout\/cs_test_/);
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
    const [row] = await rowsOf(org.owner.organization.id);
    expect(row).toMatchObject({ id: body.id, customerEmail: "ana@example.com", customerReference: "cust-1", successUrl: "https://shop.test/ok" });

    const session = await stripeClient("test").checkout.sessions.retrieve(row!.providerCheckoutId, {}, { stripeAccount: org.stripe!.accountId! });
    expect(session).toMatchObject({ client_reference_id: body.id, customer_email: "ana@example.com", metadata: { beacon_checkout_id: body.id, beacon_plan: "plus" } });
    expect(session.success_url).toContain(`/billing/return?checkout=${body.id}&session_id={CHECKOUT_SESSION_ID}`);
    // The plan's price was created on first use and is remembered.
    expect(await db.select().from(planProviderRefs).where(eq(planProviderRefs.connectionId, org.stripe!.id))).toHaveLength(1);

    expect((await (await getCheckoutById(org.token, body.id)).json()).id).toBe(body.id);
  });

  it("turns on Stripe Tax and tax id collection when the organization's fiscal setting says so", async () => {
    const org = await checkoutOrg("tax");
    await updateFiscalSettings({ ctx: org.owner, input: { automaticTax: true } });
    const body = await (await postCheckout(org.token, org.body(), "chk_tax")).json();
    const [row] = await rowsOf(org.owner.organization.id);
    const session = await stripeClient("test").checkout.sessions.retrieve(row!.providerCheckoutId, {}, { stripeAccount: org.stripe!.accountId! });
    expect(session.client_reference_id).toBe(body.id);
    expect(session.automatic_tax.enabled).toBe(true);
    // The hosted page asks for the buyer's tax id.
    expect(await (await fetch(body.url)).text()).toContain('name="tax_id_value"');
  });

  it("requires an Idempotency-Key (400) and accepts the sf-string and bare forms", async () => {
    const org = await checkoutOrg("keys");
    const missing = await postCheckout(org.token, org.body(), null);
    expect(missing.status).toBe(400);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    expect((await missing.json()).errors).toEqual([{ field: "Idempotency-Key", message: "Required" }]);
    expect((await postCheckout(org.token, org.body(), "has space")).status).toBe(400);
    const quoted = await postCheckout(org.token, org.body(), '"8e03978e-40d5-43e8-bc93-6894a57f9324"');
    expect(quoted.status).toBe(201);
    // The quoted and bare forms name the same key.
    const bare = await postCheckout(org.token, org.body(), "8e03978e-40d5-43e8-bc93-6894a57f9324");
    expect(bare.headers.get("idempotent-replayed")).toBe("true");
    expect(await rowsOf(org.owner.organization.id)).toHaveLength(1);
  });

  it("names the bad field with 422 and creates nothing", async () => {
    const org = await checkoutOrg("invalid");
    const cases: [Record<string, unknown>, string][] = [
      [{ billingCycle: "weekly" }, "billingCycle"],
      [{ plan: "nope" }, "plan"],
      [{ customer: { email: "not-an-email" } }, "customer.email"],
      [{ successUrl: "javascript:alert(1)" }, "successUrl"],
      [{ surprise: true }, "surprise"],
      [{ provider: "conekta" }, "provider"],
      [{ mode: "live" }, "mode"],
    ];
    for (const [extra, field] of cases) {
      const res = await postCheckout(org.token, org.body(extra), randomUUID());
      expect(res.status, field).toBe(422);
      const problem = await res.json();
      expect(problem.errors.map((e: { field: string }) => e.field), field).toContain(field);
    }
    expect((await postCheckout(org.token, "{not json", randomUUID())).status).toBe(400);
    expect(await rowsOf(org.owner.organization.id)).toHaveLength(0);
    expect(await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.organizationId, org.owner.organization.id))).toHaveLength(0);
  });

  it("treats another organization's id as not found", async () => {
    const org = await checkoutOrg("tenant");
    const other = await createOwner("other");
    const res = await postCheckout(org.token, org.body({ organizationId: other.organization.id }), "chk_x");
    expect(res.status).toBe(404);
    expect(await rowsOf(other.organization.id)).toHaveLength(0);
    expect(await rowsOf(org.owner.organization.id)).toHaveLength(0);
  });

  it("answers 403 to a read-only token and 401 without one", async () => {
    const org = await checkoutOrg("scopes", { stripe: false });
    const read = await createApiToken({ ctx: org.owner, input: { name: "ro", scopes: ["read"], mode: "test" } });
    expect((await postCheckout(read.token, org.body(), "k")).status).toBe(403);
    expect((await postCheckout("bcn_test_" + "x".repeat(32), org.body(), "k")).status).toBe(401);
    expect((await listCheckoutsPage(read.token)).status).toBe(200);
  });

  it("answers 415 to a body that is not JSON", async () => {
    const org = await checkoutOrg("media", { stripe: false });
    expect((await postCheckout(org.token, "plan=plus", "k", { "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
  });

  it("answers 503 when the provider refuses, creates nothing and frees the key for a retry", async () => {
    const org = await checkoutOrg("provider-down", { stripe: false });
    await db.insert(providerConnections).values({ organizationId: org.owner.organization.id, provider: "stripe", mode: "test", status: "enabled", accountId: "acct_gone" });
    const res = await postCheckout(org.token, org.body(), "chk_down");
    expect(res.status).toBe(503);
    expect((await res.json()).detail).toMatch(/Stripe refused/);
    expect(await rowsOf(org.owner.organization.id)).toHaveLength(0);
    expect(await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.organizationId, org.owner.organization.id))).toHaveLength(0);
  });

  it("says which provider is missing when none is enabled", async () => {
    const org = await checkoutOrg("noprovider", { stripe: false });
    const res = await postCheckout(org.token, org.body(), "k1");
    expect(res.status).toBe(422);
    expect((await res.json()).errors[0]).toMatchObject({ field: "provider" });
  });

  it("lists newest first with a cursor, in the token's mode only", async () => {
    const org = await checkoutOrg("list");
    for (const key of ["a", "b", "c"]) expect((await postCheckout(org.token, org.body({ customer: { reference: key } }), key)).status).toBe(201);
    const first = await (await listCheckoutsPage(org.token, "?limit=2")).json();
    expect(first.data.map((c: { customer: { reference: string } }) => c.customer.reference)).toEqual(["c", "b"]);
    const second = await (await listCheckoutsPage(org.token, `?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.data.map((c: { customer: { reference: string } }) => c.customer.reference)).toEqual(["a"]);
    expect(second.nextCursor).toBeNull();
    const live = await createApiToken({ ctx: org.owner, input: { name: "live", scopes: ["read"], mode: "live" } });
    expect((await (await listCheckoutsPage(live.token)).json()).data).toEqual([]);
    expect((await getCheckoutById(live.token, first.data[0].id)).status).toBe(404);
    expect((await listCheckoutsPage(org.token, "?cursor=bogus")).status).toBe(422);
  });
});
