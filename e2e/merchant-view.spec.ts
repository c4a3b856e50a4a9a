import { randomBytes } from "node:crypto";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { en } from "@/lib/i18n/en";
import { es } from "@/lib/i18n/es";
import { demo, signInViaUi } from "./fixtures/beacon";

// What a merchant sees, walked the way a merchant reads it: every dashboard page in Spanish must
// show no text from the dictionary's English side, and every page at a phone's width (390 px)
// must fit the screen. Screenshots of each page are kept in the test's output folder
// (test-results/, uploaded by CI) and attached to its results.

/** Words written the same in both languages that the dictionary keeps apart only by context. */
const SAME_IN_BOTH = new Set(["Total", "total", "Plan", "plan", "Email", "API", "MRR", "Stripe", "Conekta", "webhook", "Webhook", "IVA", "RFC", "Token", "Fiscal"]);

/**
 * The English side's fixed texts that Spanish writes differently, longest first (a longer text
 * is reported before the words inside it). Texts with values (functions) are left out.
 */
function englishOnlyTexts(): string[] {
  const found = new Set<string>();
  const walk = (english: unknown, spanish: unknown) => {
    if (typeof english === "string") {
      if (english !== spanish && english.trim().length >= 3 && !SAME_IN_BOTH.has(english.trim())) found.add(english.trim());
      return;
    }
    if (english && typeof english === "object") {
      for (const [key, value] of Object.entries(english)) walk(value, (spanish as Record<string, unknown> | undefined)?.[key]);
    }
  };
  walk(en, es);
  return [...found].sort((a, b) => b.length - a.length);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The page's visible text a reader reads as language: ids, event types, code and URLs (which are
 * the providers' own words in any language) are left out.
 */
async function readableText(page: Page) {
  return page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    copy.querySelectorAll("code, pre, script, style, .font-mono, [data-i18n-literal]").forEach((node) => node.remove());
    document.body.appendChild(copy);
    copy.style.position = "absolute";
    const text = copy.innerText;
    copy.remove();
    return text;
  });
}

function englishIn(text: string, texts: string[]) {
  // Provider identifiers (invoice.paid, customer.subscription.updated, sk_test_…), HTTP header
  // names (Beacon-Signature, Idempotency-Key) and product names (Stripe Tax) are not prose.
  const prose = text.replace(/\S*[._/:@]\S*/g, " ").replace(/\b[A-Z][a-z]+(-[A-Z][a-z]+)+\b/g, " ").replace(/Stripe (Tax|Connect)/g, " ");
  return texts.filter((english) => new RegExp(`(^|[^\\p{L}])${escape(english)}($|[^\\p{L}])`, "u").test(prose));
}

/** A paid checkout in the demo organization, so the walk sees events, a chain and a subscription. */
async function paidCheckout(page: Page) {
  const created = await page.request.post("/api/orgs/demo/tokens", { data: { name: `merchant view ${randomBytes(4).toString("hex")}`, scopes: ["integration"], mode: "test" } });
  const { token } = (await created.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}` };
  const { organization } = (await (await page.request.get("/v1/me", { headers })).json()) as { organization: { id: string } };
  const response = await page.request.post("/v1/billing/subscription-checkouts", {
    headers: { ...headers, "idempotency-key": `chk_${randomBytes(8).toString("hex")}` },
    data: { organizationId: organization.id, plan: "plus", billingCycle: "monthly", mode: "test", provider: "stripe", customer: { reference: `mv-${randomBytes(4).toString("hex")}` } },
  });
  expect(response.status()).toBe(201);
  const checkout = (await response.json()) as { id: string; url: string };
  await page.goto(checkout.url);
  await page.getByLabel("Email").fill("lucia.compradora@example.com");
  await page.getByLabel("Name on card").fill("Lucía Compradora");
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByTestId("return-result")).toHaveAttribute("data-result", "completed");
  return checkout.id;
}

/** Every page of the dashboard, details included (the first event, the checkout, its subscription). */
async function dashboardPages(page: Page, checkoutId: string) {
  await page.goto(`/demo/checkouts/${checkoutId}`);
  const subscription = await page.locator('a[href*="/demo/subscriptions/"]').first().getAttribute("href");
  await page.goto("/demo/events");
  const event = await page.getByTestId("event-row").first().locator('a[href*="/demo/events/"]').first().getAttribute("href");
  return ["/demo", "/demo/connections", "/demo/plans", "/demo/checkouts", `/demo/checkouts/${checkoutId}`, "/demo/subscriptions", subscription!, "/demo/events", "/demo/events?ignored=show", event!, "/demo/fiscal", "/demo/observability", "/demo/settings"];
}

async function shoot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(name);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

const fileName = (url: string) => url.replace(/^\/demo\/?/, "").replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "overview";

async function settle(page: Page, url: string) {
  await page.goto(url);
  await page.waitForLoadState("networkidle");
}

test.describe("what a merchant sees", () => {
  let checkoutId: string;

  test.beforeEach(async ({ page }) => {
    test.setTimeout(240_000);
    await signInViaUi(page, demo.email, demo.password);
    checkoutId ??= await paidCheckout(page);
    // Spanish, chosen as a reader does: the header's language switcher (a cookie for every page).
    await page.goto("/demo");
    await page.getByLabel("Language").selectOption("es");
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
  });

  test("every page in Spanish shows no English text from the dictionary", async ({ page }, testInfo) => {
    const texts = englishOnlyTexts();
    expect(texts.length).toBeGreaterThan(200);
    const leaks: Record<string, string[]> = {};
    for (const url of await dashboardPages(page, checkoutId)) {
      await settle(page, url);
      await expect(page.locator("html")).toHaveAttribute("lang", "es");
      const found = englishIn(await readableText(page), texts);
      if (found.length) leaks[url.replace(checkoutId, ":checkout")] = found;
      await shoot(page, testInfo, `es-${fileName(url)}.png`);
    }
    expect(leaks).toEqual({});
  });

  test("at 390 px every page fits the screen: header, navigation, tables and totals", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const overflowing: Record<string, string[]> = {};
    for (const url of await dashboardPages(page, checkoutId)) {
      await settle(page, url);
      // Nothing wider than the screen: no sideways scrolling of the page or of a table. Named by
      // the innermost elements that stick out, to say what to fix.
      const wide = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const out = [...document.body.querySelectorAll<HTMLElement>("*")].filter((el) => {
          const box = el.getBoundingClientRect();
          // A code sample (pre) scrolls sideways by design; nothing else may.
          if (el.closest("pre")) return false;
          return box.width > 0 && (box.right > width + 1 || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "auto"));
        });
        const innermost = out.filter((el) => !out.some((other) => other !== el && el.contains(other)));
        return innermost.slice(0, 5).map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ""} "${(el.textContent ?? "").trim().slice(0, 30)}" ${Math.round(el.getBoundingClientRect().right)}px`);
      });
      if (wide.length) overflowing[url.replace(checkoutId, ":checkout")] = wide;
      await shoot(page, testInfo, `390-${fileName(url)}.png`);
    }
    expect(overflowing).toEqual({});
    // The navigation opens from the header's menu button and reaches every section.
    await page.goto("/demo");
    await page.getByRole("button", { name: es.shell.openMenu }).click();
    await page.getByRole("link", { name: es.nav.events }).click();
    await expect(page).toHaveURL(/\/demo\/events/);
    await expect(page.getByRole("heading", { name: es.events.title })).toBeVisible();
  });

  test("the README's screenshots: the Overview and a checkout's causal chain, at 1280 px in English", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByLabel("Idioma").selectOption("en");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    // Copied to docs/screenshots/ by hand when the pages change (README, Quickstart).
    await settle(page, "/demo");
    await expect(page.getByTestId("recent-activity")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("overview.png") });
    await settle(page, `/demo/checkouts/${checkoutId}`);
    await expect(page.locator('[data-testid="chain-step"][data-kind="subscription"]')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("checkout-chain.png"), fullPage: true });
  });
});
