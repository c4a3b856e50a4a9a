import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { demo, signInViaUi } from "./fixtures/beacon";

// The checkout detail page: one checkout's causal chain, from the API calls (with a replay and a
// refused key reuse) through the hosted payment and the buyer's return to the webhooks and the
// subscription — reached from the Checkouts page and from the subscription, in both languages.

const key = () => `chk_${randomBytes(8).toString("hex")}`;

async function integrationToken(page: Page) {
  const created = await page.request.post("/api/orgs/demo/tokens", { data: { name: `chain e2e ${key()}`, scopes: ["integration"], mode: "test" } });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  const me = await page.request.get("/v1/me", { headers: { authorization: `Bearer ${token}` } });
  const { organization } = (await me.json()) as { organization: { id: string } };
  return { headers: { authorization: `Bearer ${token}` }, organizationId: organization.id };
}

const step = (page: Page, kind: string, outcome?: string) =>
  page.locator(`[data-testid="chain-step"][data-kind="${kind}"]${outcome ? `[data-outcome="${outcome}"]` : ""}`);

test("a paid checkout's chain: requests with their key, session, return, webhooks and subscription, each linked", async ({ page }) => {
  test.setTimeout(120_000);
  await signInViaUi(page, demo.email, demo.password);
  const { headers, organizationId } = await integrationToken(page);
  const idempotencyKey = key();
  const body = { organizationId, plan: "plus", billingCycle: "monthly", mode: "test", provider: "stripe", customer: { reference: `chain-${idempotencyKey}` } };
  const post = (data: unknown) => page.request.post("/v1/billing/subscription-checkouts", { headers: { ...headers, "idempotency-key": idempotencyKey }, data });
  const created = await post(body);
  expect(created.status()).toBe(201);
  const checkout = (await created.json()) as { id: string; url: string };
  expect((await post(body)).headers()["idempotent-replayed"]).toBe("true");
  expect((await post({ ...body, billingCycle: "yearly" })).status()).toBe(422);

  await page.goto(checkout.url);
  await page.getByLabel("Email").fill("chain.buyer@example.com");
  await page.getByLabel("Name on card").fill("Chain Buyer");
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByTestId("return-result")).toHaveAttribute("data-result", "completed");

  // From the Checkouts page to the checkout's chain.
  await page.goto("/demo/checkouts");
  await page.locator(`[data-testid="checkout-row"][data-checkout-id="${checkout.id}"]`).getByTestId("checkout-chain-link").click();
  await expect(page).toHaveURL(new RegExp(`/demo/checkouts/${checkout.id}$`));
  await expect(page.getByTestId("checkout-id")).toHaveText(checkout.id);
  await expect(step(page, "request", "created")).toContainText(idempotencyKey);
  await expect(step(page, "request", "replayed")).toContainText(idempotencyKey);
  await expect(step(page, "request", "key_reused_422")).toContainText("422");
  await expect(step(page, "session")).toBeVisible();
  await expect(step(page, "request", "confirmed")).toContainText("Buyer returned from the hosted page");
  await expect(step(page, "subscription")).toBeVisible();

  // The webhooks arrive on their own; the page shows each with the decision taken.
  const completed = step(page, "webhook").filter({ hasText: "checkout.session.completed" });
  await expect(async () => {
    await page.reload();
    await expect(completed.getByText(/^(processed|ignored)$/)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 45_000 });
  const kinds = await page.getByTestId("chain-step").evaluateAll((items) => items.map((i) => `${i.getAttribute("data-kind")}:${i.getAttribute("data-outcome") ?? ""}`));
  expect(kinds.slice(0, 4)).toEqual(["request:created", "session:", "request:replayed", "request:key_reused_422"]);
  await expect(completed.getByTestId("decision-note")).not.toBeEmpty();
  await page.screenshot({ path: test.info().outputPath("checkout-chain.png"), fullPage: true });

  // Each step links onward: the event's page, and the subscription, which links back.
  const eventHref = await completed.getByRole("link", { name: "checkout.session.completed" }).getAttribute("href");
  expect(eventHref).toMatch(/^\/demo\/events\/[0-9a-f-]{36}$/);
  await step(page, "subscription").getByRole("link").click();
  await expect(page).toHaveURL(/\/demo\/subscriptions\/[0-9a-f-]{36}$/);
  await page.getByTestId("subscription-checkout-link").click();
  await expect(page).toHaveURL(new RegExp(`/demo/checkouts/${checkout.id}$`));

  await page.evaluate(() => localStorage.setItem("theme", "dark"));
  await page.context().addCookies([{ name: "beacon_locale", value: "es", url: page.url() }]);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Cadena causal" })).toBeVisible();
  await expect(step(page, "request", "key_reused_422")).toContainText("clave reutilizada con otro cuerpo");
  await page.screenshot({ path: test.info().outputPath("checkout-chain-dark-es.png"), fullPage: true });
  await page.evaluate(() => localStorage.removeItem("theme"));
});
