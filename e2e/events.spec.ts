import { createHash, randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { stripeSignature } from "../lib/webhooks/testing/stripe-signature";
import { connectDb, demo, signInViaUi } from "./fixtures/beacon";

// The quickstart's events, followed into the dashboard: a Stripe checkout paid in the sandbox
// sends its webhooks; the Events page shows each one processed and correlated by event id, the
// event's page explains what was decided (payload, attempts and their logs) and can reprocess
// it; the subscription's timeline shows each change and what caused it. A delivery refused at
// the organization's own endpoint is shown with its reason, a forged Stripe one is not. An owner
// pauses the subscription and changes its plan.

const key = () => `chk_${randomBytes(8).toString("hex")}`;

async function integrationToken(page: Page) {
  const created = await page.request.post("/api/orgs/demo/tokens", { data: { name: `events e2e ${key()}`, scopes: ["integration"], mode: "test" } });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  const me = await page.request.get("/v1/me", { headers: { authorization: `Bearer ${token}` } });
  const { organization } = (await me.json()) as { organization: { id: string } };
  return { headers: { authorization: `Bearer ${token}` }, organizationId: organization.id };
}

test("a paid checkout's webhooks appear processed on the Events page and in the subscription's timeline", async ({ page }) => {
  test.setTimeout(120_000);
  await signInViaUi(page, demo.email, demo.password);
  const { headers, organizationId } = await integrationToken(page);
  const created = await page.request.post("/v1/billing/subscription-checkouts", {
    headers: { ...headers, "idempotency-key": key() },
    data: { organizationId, plan: "plus", billingCycle: "monthly", mode: "test", provider: "stripe" },
  });
  expect(created.status()).toBe(201);
  const checkout = (await created.json()) as { id: string; url: string };

  await page.goto(checkout.url);
  await page.getByLabel("Email").fill("events.buyer@example.com");
  await page.getByLabel("Name on card").fill("Eve Buyer");
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByTestId("return-result")).toHaveAttribute("data-result", "completed");

  const sql = connectDb();
  const [session] = await sql`select provider_checkout_id from checkouts where id = ${checkout.id}`;
  const sessionId = session!.provider_checkout_id as string;

  // The webhook about this checkout arrives, is verified, stored and processed.
  await page.goto(`/demo/events?q=${sessionId}`);
  const completedRow = page.getByTestId("event-row").filter({ hasText: "checkout.session.completed" });
  await expect(completedRow).toBeVisible({ timeout: 30_000 });
  await expect(completedRow.getByText(/^(processed|ignored)$/)).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: test.info().outputPath("events-list.png"), fullPage: true });

  // Its page: provider event id, decision, attempts with the handler's log, the payload.
  await completedRow.getByRole("link", { name: "checkout.session.completed" }).click();
  const [event] = await sql`select provider_event_id, decision from webhook_events where object_refs->>'checkout' = ${sessionId} and type = 'checkout.session.completed'`;
  await sql.end();
  await expect(page.getByTestId("provider-event-id")).toHaveText(event!.provider_event_id as string);
  await expect(page.getByTestId("decision-note")).toContainText(/Checkout (completed|already completed)/);
  await expect(page.getByTestId("attempts")).toContainText(`re-fetched ${sessionId}: completed`);
  await expect(page.getByTestId("payload")).toContainText(`"id": "${event!.provider_event_id}"`);
  await page.screenshot({ path: test.info().outputPath("event-detail.png"), fullPage: true });

  // An owner reprocesses it: nothing moves backwards, the attempt is recorded with who asked.
  await page.getByRole("button", { name: "Reprocess" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Ran again" })).toContainText("processed");
  await expect(page.getByTestId("attempts")).toContainText(`requested by ${demo.email}`);

  // The subscription's timeline: created by the webhook or the return confirmation, each linked.
  await page.getByRole("link", { name: /^sub_/ }).click();
  await expect(page.getByTestId("timeline-entry").first()).toBeVisible();
  await expect(page.getByTestId("timeline")).toContainText("Status");
  await expect(page.getByTestId("timeline")).toContainText("active");
  await expect(page.getByTestId("timeline")).toContainText(/webhook|return confirmation/);
  await page.screenshot({ path: test.info().outputPath("subscription-timeline.png"), fullPage: true });

  // An owner pauses it: done at the sandbox's Stripe, then on the timeline as an API call.
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByTestId("subscription-actions").getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("status").filter({ hasText: "provider says" })).toBeVisible();
  await expect(page.getByTestId("timeline-entry").first()).toContainText("paused");
  await expect(page.getByTestId("timeline-entry").first()).toContainText("API call");
  await expect(page.getByTestId("subscription-actions").getByRole("button", { name: "Resume" })).toBeVisible();

  // And moves it to a plan no checkout has sold yet: set up at Stripe by the change itself.
  await page.getByLabel("New plan").selectOption("basic:yearly");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Change plan" }).click();
  await expect(page.getByTestId("timeline-entry").filter({ hasText: "plus → basic" })).toContainText("API call");
  await expect(page.getByTestId("timeline-entry").filter({ hasText: "monthly → yearly" })).toContainText("API call");
  await expect(page.getByText("Basic (basic), yearly")).toBeVisible();
  await page.getByRole("link", { name: "← Subscriptions" }).click();
  await expect(page.getByTestId("subscription-row").first()).toBeVisible();
  // The demo's subscriptions fit one page (50): no next page. A cursor past them all shows none, and the way back.
  await expect(page.getByTestId("subscriptions-next-page")).toHaveCount(0);
  await page.goto("/demo/subscriptions?cursor=2000-01-01T00:00:00.000000Z_00000000-0000-4000-8000-000000000000");
  await expect(page.getByTestId("subscription-row")).toHaveCount(0);
  await page.getByRole("link", { name: "← Most recent" }).click();
  await expect(page.getByTestId("subscription-row").first()).toBeVisible();
});

test("a refused delivery is shown to the organization whose own endpoint refused it; a forged Stripe one to nobody", async ({ page }) => {
  await signInViaUi(page, demo.email, demo.password);
  const sql = connectDb();
  const [conn] = await sql`select c.account_id from provider_connections c join organizations o on o.id = c.organization_id where o.slug = 'demo' and c.provider = 'stripe' and c.mode = 'test'`;
  await sql.end();
  const sha = (body: string) => createHash("sha256").update(body).digest("hex").slice(0, 16);
  // Anyone can post to Beacon's shared Stripe URL and name demo's account: nothing verifies it.
  const stripeBody = JSON.stringify({ id: `evt_forged_${randomBytes(6).toString("hex")}`, object: "event", type: "invoice.paid", created: Math.floor(Date.now() / 1000), livemode: false, account: conn!.account_id, data: { object: {} } });
  const t = Math.floor(Date.now() / 1000);
  const signature = stripeSignature(stripeBody, ["whsec_not_beacons"], t);
  const refused = await page.request.post("/api/webhooks/stripe", { headers: { "stripe-signature": signature, "content-type": "application/json" }, data: stripeBody });
  expect(refused.status()).toBe(400);
  expect(((await refused.json()) as { reason: string }).reason).toBe("bad_signature");

  // demo's own Conekta endpoint refuses a wrong DIGEST: that one is demo's.
  const connected = await page.request.post("/api/orgs/demo/connections/conekta", { data: { mode: "test", privateKey: `key_sandbox_${randomBytes(8).toString("hex")}` } });
  expect([201, 409]).toContain(connected.status());
  const { conekta } = (await (await page.request.get("/api/orgs/demo/connections?mode=test")).json()) as { conekta: { id: string } };
  const conektaBody = JSON.stringify({ id: randomBytes(12).toString("hex"), object: "event", type: "order.paid", created_at: t, livemode: false, data: { object: {} } });
  const wrongKey = await page.request.post(`/api/webhooks/conekta/${conekta.id}`, { headers: { digest: "Zm9yZ2Vk", "content-type": "application/json" }, data: conektaBody });
  expect(wrongKey.status()).toBe(400);

  await page.goto("/demo/events?status=rejected");
  const row = page.getByTestId("rejection-row").filter({ hasText: sha(conektaBody) });
  await expect(row).toContainText("bad signature");
  await expect(row).toContainText("conekta");
  await expect(page.getByTestId("rejection-row").filter({ hasText: sha(stripeBody) })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("events-rejected.png"), fullPage: true });
});
