import { createHash } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { connectDb, demo, password, signInViaUi, signUpViaApi } from "./fixtures/beacon";

/** Collects what the browser refused (CSP) or failed on, for the whole test. */
function watchConsole(page: Page) {
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/Refused to|Content Security Policy/i.test(m.text())) refused.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => refused.push(`${page.url()}: ${e.message}`));
  return refused;
}

test("pages hydrate under the Content-Security-Policy, with no refused script, style or connection", async ({ page }) => {
  const refused = watchConsole(page);
  const signIn = await page.goto("/sign-in");
  const headers = signIn!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");

  await signInViaUi(page, demo.email, demo.password);
  for (const path of ["/demo/events", "/demo/checkouts", "/demo/subscriptions", "/demo/connections", "/demo/plans", "/demo/fiscal", "/demo/observability", "/demo/settings"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  // A client-side interaction works, so React hydrated.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  expect(refused).toEqual([]);
});

test("API answers carry nosniff and no-store, and /v1 answers an unsupported method with 405 and Allow", async ({ request }) => {
  for (const path of ["/api/health", "/v1/me", "/api/orgs"]) {
    const response = await request.get(path);
    expect(response.headers()["x-content-type-options"], path).toBe("nosniff");
    expect(response.headers()["cache-control"], path).toContain("no-store");
  }
  // The public OpenAPI document keeps its own caching.
  const openApi = await request.get("/v1/openapi.json");
  expect(openApi.headers()["x-content-type-options"]).toBe("nosniff");
  expect(openApi.headers()["cache-control"]).toBe("public, max-age=300");
  expect(await request.put("/v1/me").then((r) => [r.status(), r.headers()["allow"]])).toEqual([405, "GET, HEAD, OPTIONS"]);
});

test("callbackUrl cannot send a signed-in user off-site", async ({ page }) => {
  for (const callbackUrl of ["//evil.example/x", "/\\evil.example", "/%2F%2Fevil.example"]) {
    await page.context().clearCookies();
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    await page.getByLabel("Email").fill(demo.email);
    await page.getByLabel("Password").fill(demo.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("current-user")).toContainText(demo.email);
    expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
  }
});

test("a malformed callbackUrl is a 400, not a 500", async ({ request }) => {
  for (const path of ["/api/auth/session", "/api/auth/csrf", "/api/auth/providers"]) {
    const response = await request.get(`${path}?callbackUrl=%E0%A4%A`);
    expect(response.status(), path).toBe(400);
    expect(response.headers()["content-type"]).toBe("application/problem+json");
  }
  expect((await request.get("/sign-in?callbackUrl=%E0%A4%A")).status()).toBe(200);
});

test("a throttled sign-in says how long to wait", async ({ page, request }) => {
  const owner = await signUpViaApi(request, "throttled");
  // Fill this account's current window (BEACON_SIGNIN_WINDOW_MINUTES, 15 by default) past its limit.
  const windowMs = 15 * 60_000;
  const start = new Date(Math.floor(Date.now() / windowMs) * windowMs);
  const bucket = `signin:email:${createHash("sha256").update(owner.email).digest("hex")}`;
  const sql = connectDb();
  await sql`insert into rate_limit_buckets (bucket, window_start, count, expires_at)
    values (${bucket}, ${start}, 100000, ${new Date(start.getTime() + windowMs)})`;
  await sql.end();

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(/^Too many sign-in attempts\. Try again in \d+ minutes?\.$/)).toBeVisible();
});

test("signing up with a registered email creates nothing and says only that the password is wrong", async ({ page, request }) => {
  const owner = await signUpViaApi(request, "registered");
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Mallory");
  await page.getByLabel("Work email").fill(owner.email);
  await page.getByLabel("Password").fill("mallory's password");
  await page.getByLabel("Organization name").fill("Mallory Org");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Wrong email or password.", { exact: true })).toBeVisible();
  const sql = connectDb();
  const rows = await sql`select name from users where email = ${owner.email}`;
  const orgs = await sql`select 1 from organizations where name = 'Mallory Org'`;
  await sql.end();
  expect(rows.map((r) => r.name)).toEqual(["registered"]);
  expect(orgs).toHaveLength(0);
});

test("a cross-site or non-JSON mutation is refused even with the session cookie", async ({ page }) => {
  await signInViaUi(page, demo.email, demo.password);
  const forged = await page.request.post("/api/orgs/demo/tokens", {
    headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
    data: "name=forged&scopes=integration&mode=test",
  });
  expect(forged.status()).toBe(403);
  const text = await page.request.post("/api/orgs/demo/tokens", { headers: { "content-type": "text/plain" }, data: '{"name":"x","scopes":["read"],"mode":"test"}' });
  expect(text.status()).toBe(415);
  expect(text.headers()["content-type"]).toBe("application/problem+json");
});
