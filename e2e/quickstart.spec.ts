import { randomBytes } from "node:crypto";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { connectDb, signInViaUi, signUpViaApi } from "./fixtures/beacon";

// The quickstart end to end for a new organization, in the browser against the sandbox: connect
// Stripe, verify its webhooks, create a checkout through the API, pay it, and validate on the
// Overview; then the same with Conekta. The Overview's checklist is the judge at every step, and
// a screenshot of each step is attached to the test's results.

const key = () => `chk_${randomBytes(8).toString("hex")}`;

function step(page: Page, name: string) {
  return page.locator(`[data-testid="quickstart-step"][data-step="${name}"]`);
}

async function openOverview(page: Page, slug: string) {
  await page.goto(`/${slug}`);
  await expect(page.getByTestId("quickstart-progress")).toBeVisible();
}

/** A full-page screenshot kept in the test's output folder and attached to its results. */
async function attach(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(name);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** Steps done on the Overview, in order; waits for the checklist to catch up with webhooks. */
async function expectDone(page: Page, slug: string, done: string[]) {
  await expect
    .poll(
      async () => {
        await openOverview(page, slug);
        return page.locator('[data-testid="quickstart-step"][data-done="true"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-step")));
      },
      { timeout: 45_000, intervals: [1000, 2000, 3000] },
    )
    .toEqual(done);
}

async function testSignature(page: Page, kind: string) {
  const row = page.locator(`[data-testid="endpoint-row"][data-kind="${kind}"]`);
  await row.getByRole("button", { name: "Test signature" }).click();
  await expect(row.locator("xpath=following-sibling::tr[1]").getByTestId("signature-result")).toHaveAttribute("data-outcome", "verified", { timeout: 30_000 });
}

async function createPlan(page: Page, slug: string, plan: { code: string; name: string; currency: string; monthly: string }) {
  await page.goto(`/${slug}/plans`);
  await page.getByLabel("Code").fill(plan.code);
  await page.getByLabel("Name").fill(plan.name);
  await page.getByLabel("Currency").selectOption(plan.currency);
  await page.getByLabel("Monthly price").fill(plan.monthly);
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page.getByText(plan.code, { exact: true }).first()).toBeVisible();
}

test("the quickstart's steps, Stripe then Conekta, end with every step checked and no critical alert", async ({ page, request }, testInfo) => {
  test.setTimeout(300_000);
  const owner = await signUpViaApi(request, "quickstart");
  const slug = owner.slug;
  await signInViaUi(page, owner.email);
  await openOverview(page, slug);
  await expect(page.locator('[data-testid="quickstart-step"][data-done="true"]')).toHaveCount(0);
  await attach(page, testInfo, "0-overview-before.png");

  // Step 1: connect Stripe, from the checklist's own link, through the hosted onboarding.
  await step(page, "connect").getByRole("link", { name: "Go to Connections" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/connections`));
  await page.getByTestId("stripe-card").getByRole("button", { name: "Connect Stripe" }).click();
  await expect(page).toHaveURL(/\/onboarding\//);
  await page.getByLabel("Business name").fill("Quickstart Coffee");
  await page.getByLabel("Outcome (sandbox)").selectOption("complete");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByTestId("stripe-card").getByTestId("connection-status")).toHaveAttribute("data-status", "enabled");
  // The account's own events (account.updated) may already have proven the webhooks by now.
  await expect.poll(async () => (await openOverview(page, slug), step(page, "connect").getAttribute("data-done")), { timeout: 45_000 }).toBe("true");
  await expect(step(page, "checkout")).toHaveAttribute("data-done", "false");
  await attach(page, testInfo, "1-stripe-connected.png");

  // Step 2: Beacon's Stripe endpoint proves its signature with a signed test event.
  await page.goto(`/${slug}/connections`);
  await testSignature(page, "stripe_connect");
  await attach(page, testInfo, "2-stripe-webhooks-verified-connections.png");
  await expectDone(page, slug, ["connect", "webhooks"]);
  await attach(page, testInfo, "2-stripe-webhooks-verified.png");

  // Step 3: a plan, from the checklist's own link (Plans comes before Checkouts).
  await openOverview(page, slug);
  await step(page, "plan").getByRole("link", { name: "Go to Plans" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/plans`));
  await createPlan(page, slug, { code: "plus", name: "Plus", currency: "usd", monthly: "19.00" });
  await expectDone(page, slug, ["connect", "webhooks", "plan"]);

  // Step 4: an integration token made in Settings, and the API call.
  await page.goto(`/${slug}/settings`);
  await page.getByLabel("Token name").fill("Quickstart backend");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  const api = { authorization: `Bearer ${token}` };
  const created = await page.request.post("/v1/billing/subscription-checkouts", {
    headers: { ...api, "idempotency-key": key() },
    data: { organizationId: owner.organizationId, plan: "plus", billingCycle: "monthly", mode: "test", provider: "stripe" },
  });
  expect(created.status()).toBe(201);
  const stripeCheckout = (await created.json()) as { id: string; url: string };
  await expectDone(page, slug, ["connect", "webhooks", "plan", "checkout"]);
  await attach(page, testInfo, "3-stripe-checkout-created.png");

  // Step 5: the buyer pays on the hosted page and comes back; Beacon confirms.
  await page.goto(stripeCheckout.url);
  await page.getByLabel("Email").fill("ana.buyer@example.com");
  await page.getByLabel("Name on card").fill("Ana Buyer");
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByTestId("return-result")).toHaveAttribute("data-result", "completed");
  await attach(page, testInfo, "4-stripe-returned.png");

  // Step 6: the Overview validates: every step checked, no critical alert, active subscription and MRR.
  await expectDone(page, slug, ["connect", "webhooks", "plan", "checkout", "confirm", "validate"]);
  await expect(page.locator('[data-testid="alert"][data-severity="critical"]')).toHaveCount(0);
  await expect(page.getByTestId("kpi-active")).toHaveText("1");
  await expect(page.getByTestId("kpi-mrr")).toContainText("$19.00");
  await attach(page, testInfo, "5-stripe-validated-overview.png");
  await page.goto(`/${slug}/observability`);
  await expect(page.getByTestId("charts")).toBeVisible();
  await expect(page.locator('[data-testid="alert"][data-severity="critical"]')).toHaveCount(0);
  await attach(page, testInfo, "5-stripe-validated-observability.png");

  // Conekta, the same five steps: a private key, its own endpoint, an MXN plan, a checkout, payment.
  await page.goto(`/${slug}/connections`);
  const conekta = page.getByTestId("conekta-card");
  await conekta.getByLabel("Private key").fill(`key_sandbox_qs${Date.now()}`);
  await conekta.getByRole("button", { name: "Save key" }).click();
  await expect(conekta.getByTestId("connection-status")).toHaveAttribute("data-status", "enabled");
  await attach(page, testInfo, "1-conekta-connected.png");
  await testSignature(page, "conekta");
  await attach(page, testInfo, "2-conekta-webhooks-verified.png");
  await createPlan(page, slug, { code: "basico", name: "Básico", currency: "mxn", monthly: "299.00" });
  const buyer = key();
  const conektaCreated = await page.request.post("/v1/billing/subscription-checkouts", {
    headers: { ...api, "idempotency-key": key() },
    data: {
      organizationId: owner.organizationId,
      plan: "basico",
      billingCycle: "monthly",
      mode: "test",
      provider: "conekta",
      customer: { email: `${buyer}@example.com`, name: "Ana López", phone: "+52 55 1234 5678", reference: buyer },
    },
  });
  expect(conektaCreated.status()).toBe(201);
  const conektaCheckout = (await conektaCreated.json()) as { url: string };
  await openOverview(page, slug);
  await attach(page, testInfo, "3-conekta-checkout-created.png");
  await page.goto(conektaCheckout.url);
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByTestId("return-result")).toHaveAttribute("data-result", "completed");
  await attach(page, testInfo, "4-conekta-returned.png");

  await expectDone(page, slug, ["connect", "webhooks", "plan", "checkout", "confirm", "validate"]);
  await expect(step(page, "connect")).toContainText("Done for Stripe, Conekta");
  await expect(step(page, "webhooks")).toContainText("Done for Stripe, Conekta");
  await expect(page.locator('[data-testid="alert"][data-severity="critical"]')).toHaveCount(0);
  await expect(page.getByTestId("kpi-active")).toHaveText("2");
  await expect(page.getByTestId("kpi-mrr")).toContainText("MX$299.00");
  await attach(page, testInfo, "5-conekta-validated-overview.png");

  // The database agrees with the screen: two confirmed checkouts, two active subscriptions.
  const sql = connectDb();
  const [row] = await sql`select
      (select count(*) from checkouts where organization_id = ${owner.organizationId} and status = 'completed' and confirmed_at is not null)::int as confirmed,
      (select count(*) from subscriptions where organization_id = ${owner.organizationId} and status = 'active')::int as active`;
  await sql.end();
  expect(row).toEqual({ confirmed: 2, active: 2 });

  // The same Overview in Spanish, with amounts in the locale's format.
  await page.getByLabel("Language").selectOption("es");
  await expect(page.getByRole("heading", { name: "Inicio rápido" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Observabilidad" })).toBeVisible();
  await attach(page, testInfo, "6-overview-es.png");
  await page.goto(`/${slug}/fiscal`);
  await expect(page.getByRole("heading", { name: "Impuestos cobrados" })).toBeVisible();
  await attach(page, testInfo, "6-fiscal-es.png");

  // Both themes stay readable: the Observability charts in dark mode.
  await page.evaluate(() => localStorage.setItem("theme", "dark"));
  await page.goto(`/${slug}/observability`);
  await expect(page.getByTestId("charts")).toBeVisible();
  await attach(page, testInfo, "7-observability-dark-es.png");
  await page.evaluate(() => localStorage.removeItem("theme"));
});

test("metrics are closed in production until BEACON_METRICS_TOKEN is set", async ({ request }) => {
  const response = await request.get("/api/metrics");
  expect(response.status()).toBe(403);
  expect(response.headers()["content-type"]).toContain("application/problem+json");
});
