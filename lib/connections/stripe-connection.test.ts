import { eq } from "drizzle-orm";
import { inject } from "vitest";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, providerConnections, webhookSecrets } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { createMember, createOwner } from "@/lib/testing/factories";
import { ensureStripeEndpoints } from "./ensure-stripe-endpoints";
import { listConnections } from "./list-connections";
import { startStripeOnboarding } from "./start-stripe-onboarding";
import { markDisconnected, refreshConnection } from "./refresh-connection";
import { loadStripeVerificationTargets } from "./verification-targets";
import { findConnectionByAccount, getEnabledConnection } from "./load-connection";
import { problemOf } from "@/lib/testing/problem";

const sandboxUrl = inject("sandboxUrl");

/** Fills in the sandbox's hosted onboarding form as a merchant would; returns where it redirects. */
async function completeOnboarding(url: string, outcome: "complete" | "pending_verification" | "leave" = "complete") {
  const html = await (await fetch(url)).text();
  const token = /name="form_token" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const res = await fetch(url, { method: "POST", redirect: "manual", body: new URLSearchParams({ form_token: token, outcome }) });
  return res.headers.get("location");
}

async function restrict(accountId: string) {
  const res = await fetch(`${sandboxUrl}/_sandbox/accounts/${accountId}/restrict`, {
    method: "POST",
    headers: { authorization: "Bearer sk_test_beacon_sandbox_platform", "content-type": "application/x-www-form-urlencoded" },
    body: "past_due[]=individual.id_number&past_due[]=external_account",
  });
  expect(res.status).toBe(200);
}


describe("Stripe Connect Standard onboarding", () => {
  it("connects through hosted onboarding: not started → enabled → restricted → enabled", async () => {
    const owner = await createOwner("stripe");
    const started = await startStripeOnboarding({ ctx: owner, input: { mode: "test" } });
    expect(started.connection).toMatchObject({ provider: "stripe", mode: "test", status: "not_started" });
    expect(started.connection.accountId).toMatch(/^acct_/);
    expect(started.url).toContain("/onboarding/");

    // Leaving the form is not finishing it: the return re-reads the account.
    const returnUrl = await completeOnboarding(started.url, "leave");
    expect(returnUrl).toContain(`/connect/stripe/return?org=${owner.organization.slug}&connection=${started.connection.id}`);
    const left = await refreshConnection({ ctx: owner, input: { connectionId: started.connection.id, kind: "return" } });
    expect(left.status).toBe("not_started");
    expect(left.requirements.currentlyDue.map((r) => r.label)).toContain("Bank account for payouts");

    const again = await startStripeOnboarding({ ctx: owner, input: { mode: "test" } });
    expect(again.connection.accountId).toBe(started.connection.accountId); // continue, not a second account
    await completeOnboarding(again.url, "complete");
    const enabled = await refreshConnection({ ctx: owner, input: { connectionId: started.connection.id, kind: "return" } });
    expect(enabled).toMatchObject({ status: "enabled", chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true });
    expect((await getEnabledConnection(db, owner.organization.id, "test"))?.id).toBe(started.connection.id);
    expect((await findConnectionByAccount(db, "stripe", "test", enabled.accountId!))?.id).toBe(started.connection.id);

    await restrict(enabled.accountId!);
    const restricted = await refreshConnection({ ctx: owner, input: { connectionId: started.connection.id, kind: "manual" } });
    expect(restricted.status).toBe("restricted");
    expect(restricted.requirements.pastDue.map((r) => r.label)).toEqual(["Representative's government ID number", "Bank account for payouts"]);
    expect(restricted.disabledReason?.label).toMatch(/overdue/);
    expect(await getEnabledConnection(db, owner.organization.id, "test", "stripe")).toBeNull();

    const fix = await startStripeOnboarding({ ctx: owner, input: { mode: "test" } });
    await completeOnboarding(fix.url, "complete");
    const back = await refreshConnection({ ctx: owner, input: { connectionId: started.connection.id, kind: "return" } });
    expect(back.status).toBe("enabled");

    const audit = await db.select().from(auditLog).where(eq(auditLog.organizationId, owner.organization.id));
    const changes = audit.filter((a) => a.action === "connection.status_changed").map((a) => `${a.metadata.from}→${a.metadata.to}`);
    expect(changes).toEqual(["not_started→enabled", "enabled→restricted", "restricted→enabled"]);
  });

  it("registers Beacon's platform and Connect endpoints once per mode, secrets only in the vault", async () => {
    const a = await createOwner("stripe-a");
    const b = await createOwner("stripe-b");
    await startStripeOnboarding({ ctx: a, input: { mode: "test" } });
    await startStripeOnboarding({ ctx: b, input: { mode: "test" } });
    const endpoints = await ensureStripeEndpoints(db, "test");
    expect(endpoints.map((e) => e.kind).sort()).toEqual(["stripe_connect", "stripe_platform"]);
    expect((await ensureStripeEndpoints(db, "test")).map((e) => e.id)).toEqual(endpoints.map((e) => e.id));

    expect(endpoints[0]!.url).toMatch(/\/api\/webhooks\/stripe$/);

    const targets = await loadStripeVerificationTargets(db);
    const mine = targets.filter((t) => endpoints.some((e) => e.id === t.endpoint.id));
    expect(mine).toHaveLength(2);
    for (const t of mine) expect(t.secrets[0]!.value).toMatch(/^whsec_/);

    // An organization sees the shared Connect endpoint (its accounts' events), never rotates it,
    // and does not see the platform-events endpoint at all.
    const page = await listConnections({ ctx: b, input: { mode: "test" } });
    expect(page.endpoints.map((e) => e.id)).toEqual(endpoints.filter((e) => e.kind === "stripe_connect").map((e) => e.id));
    expect(page.endpoints.every((e) => e.shared && e.secretCreatedAt !== null && !e.canRotate)).toBe(true);
    expect(JSON.stringify(page)).not.toContain("whsec_");
  });

  it("refuses viewers, and shows disconnection instead of hiding it", async () => {
    const owner = await createOwner("stripe-roles");
    const viewer = await createMember(owner, "viewer");
    await expect(startStripeOnboarding({ ctx: viewer, input: { mode: "test" } })).rejects.toMatchObject({ code: "forbidden" });
    const started = await startStripeOnboarding({ ctx: owner, input: { mode: "test" } });
    await expect(refreshConnection({ ctx: viewer, input: { connectionId: started.connection.id, kind: "manual" } })).rejects.toBeInstanceOf(DomainError);

    const gone = await markDisconnected(db, started.connection.id, { kind: "event", ref: "evt_deauthorized" });
    expect(gone.status).toBe("disconnected");
    const page = await listConnections({ ctx: viewer, input: { mode: "test" } });
    expect(page.stripe).toMatchObject({ status: "disconnected" });
    expect(page.stripe?.disconnectedAt).not.toBeNull();

    // Connecting again makes a new account in place of the deauthorized one.
    const reconnected = await startStripeOnboarding({ ctx: owner, input: { mode: "test" } });
    expect(reconnected.connection.accountId).not.toBe(started.connection.accountId);
    const [row] = await db.select().from(providerConnections).where(eq(providerConnections.id, started.connection.id));
    expect(row).toMatchObject({ status: "not_started", disconnectedAt: null });
  });

  it("refuses live mode while the sandbox stands in for Stripe", async () => {
    const owner = await createOwner("stripe-live");
    await expect(problemOf(startStripeOnboarding({ ctx: owner, input: { mode: "live" } }))).resolves.toMatchObject({ code: "unavailable", detail: expect.stringMatching(/sandbox/) });
    const page = await listConnections({ ctx: owner, input: { mode: "live" } });
    expect(page.availability.stripe.available).toBe(false);
    const secrets = await db.select().from(webhookSecrets);
    expect(secrets.length).toBeGreaterThan(0);
  });
});
