import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLog } from "@/db/schema";
import { checkoutOrg, postCheckout } from "@/lib/testing/checkouts";
import { connectConektaForTest } from "@/lib/testing/connections";
import { createMember } from "@/lib/testing/factories";
import { sessionRequest } from "@/lib/testing/session-requests";
import { getOrgSettings, updateOrgSettings } from "./org-settings";

const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: null } | null }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user }));
const { PATCH } = await import("@/app/api/orgs/[org]/settings/route");

const buyer = { email: "ana@example.com", name: "Ana López", phone: "+52 55 1234 5678" };

/** An organization whose Stripe connection is older than its Conekta one. */
async function twoProviders(label: string) {
  const org = await checkoutOrg(label);
  await connectConektaForTest(org.owner);
  return org;
}

describe("the provider a checkout goes to", () => {
  it("is the request's, else the organization's default, else the oldest enabled connection", async () => {
    const org = await twoProviders("default-provider");
    const create = async (extra: Record<string, unknown>) => postCheckout(org.token, org.body({ allowDuplicate: true, ...extra }), randomUUID());

    // No default: the oldest enabled connection (Stripe here).
    expect(await getOrgSettings({ ctx: org.owner })).toEqual({ defaultProvider: null });
    expect(await (await create({ customer: buyer })).json()).toMatchObject({ provider: "stripe" });

    // Only admins choose the default, and the choice is audited.
    const viewer = await createMember(org.owner, "viewer");
    await expect(updateOrgSettings({ ctx: viewer, input: { defaultProvider: "conekta" } })).rejects.toMatchObject({ code: "forbidden" });
    expect(await updateOrgSettings({ ctx: org.owner, input: { defaultProvider: "conekta" } })).toEqual({ defaultProvider: "conekta" });
    const [audit] = await db
      .select({ metadata: auditLog.metadata })
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, org.owner.organization.id), eq(auditLog.action, "organization.default_provider_changed")));
    expect(audit?.metadata).toEqual({ from: null, to: "conekta" });

    expect(await (await create({ customer: buyer })).json()).toMatchObject({ provider: "conekta" });
    expect(await (await create({ provider: "stripe", customer: { email: buyer.email } })).json()).toMatchObject({ provider: "stripe" });

    // The default Conekta needs the buyer's details: the problem names each missing field and why.
    const refused = await create({ customer: { email: buyer.email } });
    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    const problem = await refused.json();
    expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(["customer.name", "customer.phone"]);
    expect(problem.errors.every((e: { message: string }) => e.message.includes("Conekta creates the buyer as a customer"))).toBe(true);
    expect(problem.detail).toContain("customer.name and customer.phone: missing");
    expect(problem.detail).toContain("default provider and the request names none");
  });

  it("PATCH /api/orgs/{org}/settings sets and clears the default; anything but a provider or null is a 422 that changes nothing", async () => {
    const org = await twoProviders("default-provider-route");
    if (org.owner.principal.type !== "user") throw new Error("owner is a user");
    session.user = { id: org.owner.principal.id, email: org.owner.principal.email, name: null };
    const slug = org.owner.organization.slug;
    const patch = (json: unknown) => PATCH(sessionRequest(`/api/orgs/${slug}/settings`, { method: "PATCH", json }), { params: Promise.resolve({ org: slug }) });

    expect(await (await patch({ defaultProvider: "conekta" })).json()).toEqual({ defaultProvider: "conekta" });
    for (const bad of [{ defaultProvider: "paypal" }, { defaultProvider: "conekta", extra: 1 }, {}]) {
      const res = await patch(bad);
      expect(res.status).toBe(422);
      expect((await res.json()).errors[0]).toMatchObject({ field: expect.any(String) });
    }
    expect(await getOrgSettings({ ctx: org.owner })).toEqual({ defaultProvider: "conekta" });
    expect(await (await patch({ defaultProvider: null })).json()).toEqual({ defaultProvider: null });
  });
});
