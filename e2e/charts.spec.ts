import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { demo, signInViaUi, signUpViaApi } from "./fixtures/beacon";

// The Observability charts (issue 22): an empty state where there is nothing to draw; with data,
// axis labels of at least 11 px, a bucket's values on hover, and lines drawn as lines.

test("a new organization's charts say there is no data instead of drawing empty axes", async ({ page, request }) => {
  const account = await signUpViaApi(request, "charts-empty");
  await signInViaUi(page, account.email);
  await page.goto(`/${account.slug}/observability`);
  await expect(page.getByTestId("time-chart")).toHaveCount(4);
  await expect(page.getByTestId("chart-empty")).toHaveCount(4);
  await expect(page.getByTestId("chart-empty").first()).toHaveText("No data in this period.");
});

test("with webhooks processed, the charts have readable axes, values on hover and lines", async ({ page }) => {
  test.setTimeout(120_000);
  await signInViaUi(page, demo.email, demo.password);
  // A paid checkout brings webhooks to the demo organization, whatever ran before.
  const created = await page.request.post("/api/orgs/demo/tokens", { data: { name: `charts e2e ${randomBytes(4).toString("hex")}`, scopes: ["integration"], mode: "test" } });
  const { token } = (await created.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}` };
  const { organization } = (await (await page.request.get("/v1/me", { headers })).json()) as { organization: { id: string } };
  const key = `chk_${randomBytes(8).toString("hex")}`;
  const checkout = await page.request.post("/v1/billing/subscription-checkouts", {
    headers: { ...headers, "idempotency-key": key },
    data: { organizationId: organization.id, plan: "plus", billingCycle: "monthly", mode: "test", provider: "stripe", allowDuplicate: true, customer: { reference: key } },
  });
  expect(checkout.status()).toBe(201);
  await page.goto(((await checkout.json()) as { url: string }).url);
  await page.getByLabel("Email").fill("charts.buyer@example.com");
  await page.getByLabel("Name on card").fill("Charts Buyer");
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByTestId("return-result")).toHaveAttribute("data-result", "completed");

  const throughput = page.locator('[data-testid="time-chart"][data-empty="false"]').first();
  await expect(async () => {
    await page.goto("/demo/observability");
    await expect(throughput).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 });

  // Axis labels are real text at ≥ 11 px, whatever the card's width.
  // ResponsiveContainer draws once it has measured its box.
  await expect(throughput.locator("text.recharts-cartesian-axis-tick-value").first()).toBeVisible();
  const sizes = await throughput.locator("text.recharts-cartesian-axis-tick-value").evaluateAll((texts) => texts.map((t) => parseFloat(getComputedStyle(t).fontSize)));
  expect(sizes.length).toBeGreaterThan(1);
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);

  // Hovering a bar shows that bucket's values.
  const bar = throughput.locator(".recharts-bar-rectangle path").last();
  await bar.hover();
  const tooltip = throughput.locator(".recharts-tooltip-wrapper");
  await expect(tooltip).toContainText("Received");
  await expect(tooltip).toContainText(/\d/);

  // The lag chart draws each series as one line through its buckets: one unbroken path (a single
  // "M"), where the SVG chart broke its line at every bucket with nothing measured.
  const lag = page.locator('[data-testid="time-chart"]').filter({ hasText: "Processing lag" });
  await expect(lag.locator(".recharts-line")).toHaveCount(2);
  const paths = await lag.locator(".recharts-line-curve").evaluateAll((curves) => curves.map((c) => c.getAttribute("d") ?? ""));
  for (const d of paths) expect(d.match(/M/g)?.length ?? 0).toBeLessThanOrEqual(1);
});
