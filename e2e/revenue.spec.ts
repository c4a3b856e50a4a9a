import { readFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { connectDb, demo, signInViaUi } from "./fixtures/beacon";

// A checkout paid in the sandbox becomes revenue: the Revenue page shows its month's new MRR,
// the figure opens the subscriptions behind it (this one among them), and the Export panel
// downloads that month's invoices as CSV with the invoice's row.

test("the Revenue page shows a paid checkout's MRR, links it to its subscription, and exports the month", async ({ page }) => {
  test.setTimeout(120_000);
  await signInViaUi(page, demo.email, demo.password);
  const token = await page.request.post("/api/orgs/demo/tokens", { data: { name: `revenue e2e ${randomBytes(4).toString("hex")}`, scopes: ["integration"], mode: "test" } });
  const headers = { authorization: `Bearer ${((await token.json()) as { token: string }).token}` };
  const { organization } = (await (await page.request.get("/v1/me", { headers })).json()) as { organization: { id: string } };
  const created = await page.request.post("/v1/billing/subscription-checkouts", {
    headers: { ...headers, "idempotency-key": `rev_${randomBytes(8).toString("hex")}` },
    data: { organizationId: organization.id, plan: "plus", billingCycle: "monthly", mode: "test", provider: "stripe" },
  });
  expect(created.status()).toBe(201);
  const checkout = (await created.json()) as { id: string; url: string };
  await page.goto(checkout.url);
  await page.getByLabel("Email").fill("revenue.buyer@example.com");
  await page.getByLabel("Name on card").fill("Rita Revenue");
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByTestId("return-result")).toHaveAttribute("data-result", "completed");

  // The webhooks bring the subscription's timeline and its invoice.
  const sql = connectDb();
  let row: { sub: string; invoice: string; month: string } | undefined;
  await expect
    .poll(async () => {
      [row] = (await sql`
        select s.provider_subscription_id as sub, i.provider_invoice_id as invoice, to_char(i.provider_created_at at time zone 'UTC', 'YYYY-MM') as month
        from checkouts c join subscriptions s on s.id = c.subscription_id join invoices i on i.subscription_id = s.id
        where c.id = ${checkout.id} and s.status = 'active'`) as unknown as (typeof row)[];
      return row?.invoice ?? null;
    }, { timeout: 30_000 })
    .not.toBeNull();
  await sql.end();

  await page.goto("/demo/revenue");
  await expect(page.getByRole("heading", { name: "Revenue", level: 1 })).toBeVisible();
  const key = `${row!.month}-stripe-usd`;
  // This month has at least this new subscription.
  await expect(page.getByTestId(`mrr-row-${key}`)).toBeVisible();
  await expect(page.getByTestId(`new-${key}`)).toContainText("$");
  await page.screenshot({ path: test.info().outputPath("revenue.png"), fullPage: true });
  await page.getByTestId(`new-${key}`).click();
  await expect(page.getByTestId("revenue-subscriptions")).toContainText(row!.sub);
  await page.getByRole("link", { name: row!.sub }).click();
  await expect(page).toHaveURL(/\/demo\/subscriptions\//);

  // The month's invoices as CSV.
  await page.goto("/demo/revenue");
  await page.getByTestId("export-month").fill(row!.month);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-download").click()]);
  expect(download.suggestedFilename()).toBe(`beacon-demo-invoices-${row!.month}-test.csv`);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv.startsWith("provider,invoice_id,number,created_at,status,currency,subtotal,tax,total,")).toBe(true);
  expect(csv).toContain(`stripe,${row!.invoice},`);
  expect(csv.split("\r\n").find((l) => l.includes(row!.invoice))).toContain(",paid,USD,");
});
