import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { connectDb, demo, signInViaUi } from "./fixtures/beacon";

// The quickstart's steps 3 and 4 against the seeded demo organization (plans and sandbox
// connections set up at start-up): create a checkout through the API, pay on the provider's
// hosted page in the browser, come back to Beacon's return page, see it in the dashboard.

const key = () => `chk_${randomBytes(8).toString("hex")}`;

async function integrationToken(page: Page) {
  const created = await page.request.post("/api/orgs/demo/tokens", { data: { name: `e2e ${key()}`, scopes: ["integration"], mode: "test" } });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  const me = await page.request.get("/v1/me", { headers: { authorization: `Bearer ${token}` } });
  const { organization } = (await me.json()) as { organization: { id: string } };
  return { headers: { authorization: `Bearer ${token}` }, organizationId: organization.id };
}

function checkoutRow(page: Page, id: string) {
  return page.locator(`[data-testid="checkout-row"][data-checkout-id="${id}"]`);
}

test.beforeEach(async ({ page }) => {
  await signInViaUi(page, demo.email, demo.password);
});

test("Stripe: API checkout, declined then paid on the hosted page, confirmed on return, shown on the Checkouts page", async ({ page }) => {
  const { headers, organizationId } = await integrationToken(page);
  const idempotencyKey = key();
  const body = { organizationId, plan: "plus", billingCycle: "monthly", mode: "test", provider: "stripe", customer: { reference: `e2e-${idempotencyKey}` } };
  const created = await page.request.post("/v1/billing/subscription-checkouts", { headers: { ...headers, "idempotency-key": idempotencyKey }, data: body });
  expect(created.status()).toBe(201);
  const text = await created.text();
  const checkout = JSON.parse(text) as { id: string; url: string; status: string };
  expect(checkout.status).toBe("open");
  const replay = await page.request.post("/v1/billing/subscription-checkouts", { headers: { ...headers, "idempotency-key": idempotencyKey }, data: body });
  expect(replay.headers()["idempotent-replayed"]).toBe("true");
  expect(await replay.text()).toBe(text);

  await page.goto(checkout.url);
  await page.getByLabel("Email").fill("ana.buyer@example.com");
  await page.getByLabel("Name on card").fill("Ana Buyer");
  await page.getByLabel("Card number").fill("4000 0000 0000 0002");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByText(/declined/i)).toBeVisible();

  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page).toHaveURL(/\/billing\/return\?checkout=/);
  await expect(page.getByTestId("return-result")).toHaveAttribute("data-result", "completed");
  await expect(page.getByRole("heading", { name: "You're subscribed" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("return-page.png") });

  await page.goto("/demo/checkouts");
  const row = checkoutRow(page, checkout.id);
  await expect(row).toHaveAttribute("data-status", "completed");
  await expect(row.getByTestId("subscription-status")).toHaveText("active");
  await expect(row).toContainText(/return|webhook/);
  await page.screenshot({ path: test.info().outputPath("checkouts-page.png"), fullPage: true });

  const sql = connectDb();
  const [stored] = await sql`select s.status, p.code from checkouts c join subscriptions s on s.id = c.subscription_id join plans p on p.id = s.plan_id where c.id = ${checkout.id}`;
  await sql.end();
  expect(stored).toMatchObject({ status: "active", code: "plus" });
});

test("Conekta: a declined card returns to the failure page, then 4242 subscribes", async ({ page }) => {
  const { headers, organizationId } = await integrationToken(page);
  const reference = key();
  const customer = { email: `${reference}@example.com`, name: "Ana López", phone: "+52 55 1234 5678", reference };
  const created = await page.request.post("/v1/billing/subscription-checkouts", {
    headers: { ...headers, "idempotency-key": key() },
    data: { organizationId, plan: "basic", billingCycle: "yearly", mode: "test", provider: "conekta", customer },
  });
  expect(created.status()).toBe(201);
  const checkout = (await created.json()) as { id: string; url: string; provider: string };
  expect(checkout.provider).toBe("conekta");

  await page.goto(checkout.url);
  await page.getByLabel("Card number").fill("4000 0000 0000 0002");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page).toHaveURL(/\/billing\/return\?checkout=.*outcome=canceled/);
  await expect(page.getByTestId("return-result")).toHaveAttribute("data-result", "canceled");

  await page.goto(checkout.url);
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByTestId("return-result")).toHaveAttribute("data-result", "completed");

  await page.goto("/demo/checkouts");
  const row = checkoutRow(page, checkout.id);
  await expect(row).toHaveAttribute("data-status", "completed");
  await expect(row.getByTestId("subscription-status")).toHaveText("active");
});

test("the demo's plans are listed with where they are synced; an admin adds one", async ({ page }) => {
  await page.goto("/demo/plans");
  const plus = page.getByTestId("plan-row").filter({ hasText: "Plus" });
  await expect(plus).toContainText("$29.00");
  await expect(page.getByTestId("plan-row").filter({ hasText: "Basic" })).toContainText("$90.00");
  const code = `e2e${randomBytes(3).toString("hex")}`;
  await page.getByLabel("Code").fill(code);
  await page.getByLabel("Name", { exact: true }).fill("Team");
  await page.getByLabel("Monthly price").fill("49");
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page.getByTestId("plan-row").filter({ hasText: code })).toContainText("$49.00");
  await page.screenshot({ path: test.info().outputPath("plans-page.png"), fullPage: true });
});

test("a stuck checkout is flagged and can be confirmed now; admins create test checkouts from the page", async ({ page }) => {
  await page.goto("/demo/checkouts");
  await page.getByRole("combobox", { name: "Plan" }).selectOption("basic");
  await page.getByLabel("Buyer email").fill("stuck@example.com");
  await page.getByRole("button", { name: "Create test checkout" }).click();
  await expect(page.getByTestId("test-checkout-url")).toBeVisible();

  const sql = connectDb();
  const [made] = await sql`select id from checkouts where customer_email = 'stuck@example.com' order by created_at desc limit 1`;
  await sql`update checkouts set created_at = now() - interval '2 hours' where id = ${made!.id}`;
  await sql.end();

  await page.reload();
  const row = checkoutRow(page, made!.id as string);
  await expect(row).toContainText("stuck");
  await expect(page.getByRole("status").filter({ hasText: "stuck checkout" })).toBeVisible();
  await row.getByRole("button", { name: "Confirm now" }).click();
  await expect(row.getByRole("button", { name: "Confirm now" })).toBeEnabled();
  await expect(row).toHaveAttribute("data-status", "open");

  await page.evaluate(() => localStorage.setItem("theme", "dark"));
  await page.reload();
  await expect(checkoutRow(page, made!.id as string)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("checkouts-page-dark.png"), fullPage: true });
  await page.evaluate(() => localStorage.removeItem("theme"));
});
