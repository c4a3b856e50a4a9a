import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { organizations, plans, providerConnections, type Provider } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import { demo } from "@/lib/auth/demo-account";
import { connectConekta } from "@/lib/connections/connect-conekta";
import { registerWebhooks } from "@/lib/connections/register-webhooks";
import { startStripeOnboarding } from "@/lib/connections/start-stripe-onboarding";
import { refreshConnection } from "@/lib/connections/refresh-connection";
import { env } from "@/lib/env";
import { createPlan } from "@/lib/plans/create-plan";

const demoPlans = [
  { code: "basic", name: "Basic", currency: "usd" as const, trialDays: 0, prices: { monthly: 900, yearly: 9000 } },
  { code: "plus", name: "Plus", currency: "usd" as const, trialDays: 0, prices: { monthly: 2900, yearly: 29000 } },
];

/** Conekta's sandbox opens an account for any `key_sandbox_…` key; this one is the demo merchant's. */
const demoConektaKey = "key_sandbox_beacon_demo_merchant";

/**
 * With the sandbox, the demo organization is ready for the quickstart's API call: plans `basic`
 * and `plus`, Stripe (onboarded through the sandbox's hosted form) and Conekta test connections
 * enabled, webhooks registered. Each step is skipped when already done, so every start may run it.
 */
export async function setUpDemoBilling(): Promise<string[]> {
  if (!env.sandbox) return [];
  const [org] = await db.select().from(organizations).where(eq(organizations.slug, demo.organization.slug));
  if (!org) return [];
  const ctx: OrgContext = { organization: { id: org.id, slug: org.slug, name: org.name }, role: "owner", principal: { type: "system", name: "demo set-up" } };
  const done: string[] = [];
  for (const plan of demoPlans) {
    const [exists] = await db.select({ id: plans.id }).from(plans).where(and(eq(plans.organizationId, org.id), eq(plans.code, plan.code)));
    if (!exists) done.push(`plan ${(await createPlan({ ctx, input: plan })).code}`);
  }
  if (!(await enabled(org.id, "stripe"))) {
    const { url, connection } = await startStripeOnboarding({ ctx, input: { mode: "test" } });
    await completeSandboxOnboarding(url);
    await refreshConnection({ ctx, input: { connectionId: connection.id, kind: "return" } });
    await registerWebhooks({ ctx, input: { connectionId: connection.id } });
    done.push("stripe test connection");
  }
  if (!(await enabled(org.id, "conekta"))) {
    await connectConekta({ ctx, input: { mode: "test", privateKey: demoConektaKey } });
    done.push("conekta test connection");
  }
  return done;
}

async function enabled(organizationId: string, provider: Provider) {
  const [row] = await db
    .select({ status: providerConnections.status })
    .from(providerConnections)
    .where(and(eq(providerConnections.organizationId, organizationId), eq(providerConnections.provider, provider), eq(providerConnections.mode, "test")));
  return row?.status === "enabled";
}

/** Fills in the sandbox's hosted onboarding form as the merchant would. */
async function completeSandboxOnboarding(url: string) {
  const html = await (await fetch(url)).text();
  const token = /name="form_token" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const res = await fetch(url, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ form_token: token, business_name: demo.organization.name, outcome: "complete" }),
  });
  if (res.status !== 303) throw new Error(`the sandbox's onboarding form answered ${res.status}`);
}
