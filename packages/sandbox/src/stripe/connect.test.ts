import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { startReceiver, startTestSandbox, within, type TestSandbox } from "../test-support";

let t: TestSandbox;
beforeEach(async () => {
  t = await startTestSandbox();
});
afterEach(async () => {
  await t.stop();
});

async function onboardingLink(accountId: string) {
  return t.stripe.accountLinks.create({
    account: accountId,
    type: "account_onboarding",
    refresh_url: "http://app.test/connect/refresh",
    return_url: "http://app.test/connect/return",
  });
}

function submit(url: string, html: string, fields: Record<string, string> = {}) {
  const token = /name="form_token" value="([^"]+)"/.exec(html)?.[1] ?? "";
  return fetch(url, { method: "POST", redirect: "manual", body: new URLSearchParams({ form_token: token, ...fields }) });
}

describe("Connect accounts and onboarding", () => {
  test("creates Standard accounts via type or controller, not yet enabled", async () => {
    const byType = await t.stripe.accounts.create({ type: "standard", email: "m@example.com" });
    const byController = await t.stripe.accounts.create({ controller: { stripe_dashboard: { type: "full" } } });
    for (const account of [byType, byController]) {
      expect(account).toMatchObject({
        object: "account",
        type: "standard",
        details_submitted: false,
        charges_enabled: false,
        payouts_enabled: false,
      });
      expect(account.id).toMatch(/^acct_/);
      expect(account.requirements?.currently_due).toContain("external_account");
    }
    expect((await t.stripe.accounts.retrieve(byType.id)).email).toBe("m@example.com");
    expect((await t.stripe.accounts.list()).data).toHaveLength(2);
    const self = await t.stripe.accounts.retrieveCurrent({}, { stripeAccount: byType.id });
    expect(self.id).toBe(byType.id);
  });

  test("the onboarding link enables the account, emits account.updated, redirects to return_url", async () => {
    const receiver = await startReceiver();
    try {
      const endpoint = await t.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["account.updated"], connect: true });
      const account = await t.stripe.accounts.create({ type: "standard" });
      const link = await onboardingLink(account.id);
      expect(link).toMatchObject({ object: "account_link", expires_at: link.created + 300 });
      const page = await fetch(link.url);
      expect(page.status).toBe(200);
      const res = await submit(link.url, await page.text(), { business_name: "Acme", outcome: "complete" });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("http://app.test/connect/return");
      const enabled = await t.stripe.accounts.retrieve(account.id);
      expect(enabled).toMatchObject({ details_submitted: true, charges_enabled: true, payouts_enabled: true });
      expect(enabled.requirements).toMatchObject({ currently_due: [], disabled_reason: null });
      expect(enabled.business_profile?.name).toBe("Acme");
      await within(t.sandbox.delivery.idle(), 5_000, "delivery");
      expect(receiver.received).toHaveLength(1);
      const event = t.stripe.webhooks.constructEvent(
        receiver.received[0]?.body ?? "",
        String(receiver.received[0]?.headers["stripe-signature"]),
        endpoint.secret ?? "",
      );
      expect(event).toMatchObject({ type: "account.updated", account: account.id });
      expect(event.data.previous_attributes).toMatchObject({ charges_enabled: false, details_submitted: false });
    } finally {
      await receiver.close();
    }
  });

  test("links are single use and expire: both send the user to refresh_url", async () => {
    const account = await t.stripe.accounts.create({ type: "standard" });
    const link = await onboardingLink(account.id);
    const first = await fetch(link.url, { redirect: "manual" });
    expect(first.status).toBe(200);
    const html = await first.text();
    const second = await fetch(link.url, { redirect: "manual" });
    expect(second.status).toBe(303);
    expect(second.headers.get("location")).toBe("http://app.test/connect/refresh");
    // The form from the first visit still submits once, then never again.
    expect((await submit(link.url, html, { outcome: "leave" })).headers.get("location")).toBe("http://app.test/connect/return");
    expect((await submit(link.url, html)).headers.get("location")).toBe("http://app.test/connect/refresh");
    expect((await t.stripe.accounts.retrieve(account.id)).details_submitted).toBe(false);

    const stale = await onboardingLink(account.id);
    t.sandbox.clock.advance(301);
    const expired = await fetch(stale.url, { redirect: "manual" });
    expect(expired.headers.get("location")).toBe("http://app.test/connect/refresh");
  });

  test("pending verification and restricted accounts", async () => {
    const account = await t.stripe.accounts.create({ type: "standard" });
    const link = await onboardingLink(account.id);
    await submit(link.url, await (await fetch(link.url)).text(), { outcome: "pending_verification" });
    const pending = await t.stripe.accounts.retrieve(account.id);
    expect(pending).toMatchObject({ details_submitted: true, charges_enabled: false });
    expect(pending.requirements?.disabled_reason).toBe("requirements.pending_verification");

    t.sandbox.control.restrictAccount(account.id, { pastDue: ["external_account"], disabledReason: "requirements.past_due" });
    const restricted = await t.stripe.accounts.retrieve(account.id);
    expect(restricted.requirements).toMatchObject({ past_due: ["external_account"], disabled_reason: "requirements.past_due" });
    const events = await t.stripe.events.list({ type: "account.updated" }, { stripeAccount: account.id });
    expect(events.data).toHaveLength(2);
  });

  test("account link validation", async () => {
    await expect(onboardingLink("acct_missing")).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
    const account = await t.stripe.accounts.create({ type: "standard" });
    await expect(
      t.stripe.accountLinks.create({ account: account.id, type: "account_update", refresh_url: "http://x", return_url: "http://y" }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});
