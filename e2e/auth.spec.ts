import { expect, test } from "@playwright/test";
import { connectDb, demo, password, signInViaUi, signOut, uniqueEmail } from "./fixtures/beacon";

test("sign up creates an organization, then sign out and back in", async ({ page }) => {
  const email = uniqueEmail("founder");
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Founder");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Organization name").fill("Acme Subscriptions");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page.getByRole("heading", { name: "Acme Subscriptions" })).toBeVisible();
  await expect(page).toHaveURL(/\/acme-subscriptions/);
  await expect(page.getByTestId("current-user")).toContainText(`${email} · owner`);

  await signOut(page);
  await signInViaUi(page, email);
  await expect(page.getByRole("heading", { name: "Acme Subscriptions" })).toBeVisible();
});

test("bad sign-up input is explained and creates nothing", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("X");
  await page.getByLabel("Work email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Organization name").fill("Org");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address", { exact: true })).toBeVisible();
  await expect(page.getByText("Use at least 10 characters", { exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up/);
  const sql = connectDb();
  const [row] = await sql`select count(*)::int as n from users where email = 'not-an-email'`;
  await sql.end();
  expect(row?.n).toBe(0);
});

test("the demo user signs in with the credentials the sign-in page states", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByText(`${demo.email}`)).toBeVisible();
  await expect(page.getByText(demo.password)).toBeVisible();
  await signInViaUi(page, demo.email, demo.password);
  await expect(page.getByRole("heading", { name: "Demo Store" })).toBeVisible();
});

test("a wrong password is refused with a readable message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demo.email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password.", { exact: true })).toBeVisible();
});

test("Beacon's mark is the favicon and the logo, served from public/", async ({ page, request }) => {
  await page.goto("/sign-in");
  const icon = page.locator('link[rel="icon"]');
  await expect(icon).toHaveAttribute("href", /\/favicon\.svg/);
  const favicon = await request.get((await icon.getAttribute("href")) ?? "");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toContain("image/svg+xml");
  // The logo beside the name has loaded (a broken image has no natural width).
  const logo = page.locator('img[src*="logo.svg"]').first();
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
});
