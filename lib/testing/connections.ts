import { randomBytes } from "node:crypto";
import { db } from "@/db";
import { providerConnections, type Mode } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import { getAdapter } from "@/lib/providers";
import { stripeClient } from "@/lib/providers/clients";
import { storeSecret } from "@/lib/vault/vault";

// Provider connections for tests, made directly in the database against the run's sandbox
// (the real connect flows live in lib/connections and have their own tests).

/** Submits the sandbox's hosted onboarding form, as a merchant would. */
async function completeOnboarding(accountId: string) {
  const link = await stripeClient("test").accountLinks.create({
    account: accountId,
    type: "account_onboarding",
    refresh_url: "http://beacon.test/refresh",
    return_url: "http://beacon.test/return",
  });
  const html = await (await fetch(link.url)).text();
  const token = /name="form_token" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const res = await fetch(link.url, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ form_token: token, business_name: "Test Merchant", outcome: "complete" }),
  });
  if (res.status !== 303) throw new Error(`sandbox onboarding answered ${res.status}`);
}

/** An enabled Stripe connection on a fresh, onboarded Standard account in the sandbox. */
export async function connectStripeForTest(ctx: OrgContext, mode: Mode = "test") {
  const account = await stripeClient(mode).accounts.create({ controller: { stripe_dashboard: { type: "full" } } });
  await completeOnboarding(account.id);
  const [row] = await db
    .insert(providerConnections)
    .values({ organizationId: ctx.organization.id, provider: "stripe", mode, status: "enabled", accountId: account.id })
    .returning();
  return row!;
}

/** An enabled Conekta connection with a fresh sandbox key (`key_sandbox_…` auto-provisions), sealed in the vault. */
export async function connectConektaForTest(ctx: OrgContext, mode: Mode = "test") {
  const privateKey = `key_sandbox_${randomBytes(12).toString("hex")}`;
  const snapshot = await getAdapter("conekta").verifyCredential!(mode, privateKey);
  const credentialSecretId = await storeSecret(db, { organizationId: ctx.organization.id, purpose: "conekta_private_key", value: privateKey });
  const [row] = await db
    .insert(providerConnections)
    .values({
      organizationId: ctx.organization.id,
      provider: "conekta",
      mode,
      status: "enabled",
      accountId: snapshot.accountId,
      credentialSecretId,
      credentialHint: privateKey.slice(-4),
    })
    .returning();
  return { ...row!, privateKey };
}
