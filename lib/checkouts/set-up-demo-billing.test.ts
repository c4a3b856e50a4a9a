import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { seedDemo } from "@/db/seed";
import { organizations, plans, providerConnections, users, webhookEndpoints } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { getOrgContext } from "@/lib/organizations/get-org-context";
import { postCheckout } from "@/lib/testing/checkouts";
import { setUpDemoBilling } from "./set-up-demo-billing";

describe("the demo organization", () => {
  it("is ready for the quickstart's API call after start-up, and a second start changes nothing", async () => {
    await seedDemo();
    const first = await setUpDemoBilling();
    expect(first).toEqual(["plan basic", "plan plus", "stripe test connection", "conekta test connection"]);
    expect(await setUpDemoBilling()).toEqual([]);

    const [org] = await db.select().from(organizations).where(eq(organizations.slug, "demo"));
    const connections = await db.select().from(providerConnections).where(eq(providerConnections.organizationId, org!.id));
    expect(connections.map((c) => [c.provider, c.mode, c.status]).sort()).toEqual([["conekta", "test", "enabled"], ["stripe", "test", "enabled"]]);
    const endpoints = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.connectionId, connections.find((c) => c.provider === "conekta")!.id));
    expect(endpoints).toHaveLength(1);
    expect((await db.select().from(plans).where(eq(plans.organizationId, org!.id))).map((p) => p.code).sort()).toEqual(["basic", "plus"]);

    const [user] = await db.select().from(users).where(eq(users.email, "demo@beacon.test"));
    const ctx = await getOrgContext({ id: user!.id, email: user!.email }, "demo");
    const { token } = await createApiToken({ ctx, input: { name: "quickstart", scopes: ["integration"], mode: "test" } });
    const body = { organizationId: org!.id, plan: "plus", billingCycle: "monthly", mode: "test" };
    const res = await postCheckout(token, body, `chk_${randomUUID()}`);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ provider: "stripe", plan: "plus", status: "open" });
  });
});
