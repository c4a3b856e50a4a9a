import { expect, test } from "@playwright/test";
import { en } from "@/lib/i18n/en";
import { connectDb, signInViaUi, signUpViaApi } from "./fixtures/beacon";

test("create a token, see it listed and working, revoke it", async ({ page, request }) => {
  const owner = await signUpViaApi(request, "tokens");
  await signInViaUi(page, owner.email);
  await page.getByRole("link", { name: "Settings", exact: true }).click();

  await page.getByLabel("Token name").fill("Checkout backend");
  await page.getByRole("combobox", { name: "Mode" }).selectOption("test");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^bcn_test_[0-9A-Za-z]{32}$/);

  const row = page.getByTestId("token-row").filter({ hasText: "Checkout backend" });
  await expect(row).toContainText(token.slice(0, 13));
  await expect(row).toContainText("integration");
  await expect(row).not.toContainText(token); // only the prefix is ever shown again

  const me = await request.get("/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ organization: { slug: owner.slug }, mode: "test", scopes: ["integration"] });

  // In the database: a hash, never the token.
  const sql = connectDb();
  const stored = await sql`select token_hash, prefix from api_tokens where organization_id = ${owner.organizationId}`;
  await sql.end();
  expect(stored).toHaveLength(1);
  expect(JSON.stringify(stored)).not.toContain(token);

  page.once("dialog", (dialog) => dialog.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
  const after = await request.get("/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
  expect(after.headers()["content-type"]).toContain("application/problem+json");

  // The audit log names each action in the reader's language, not by its code.
  await expect(page.getByTestId("audit-log")).toContainText(en.settings.audit.actions["api_token.revoked"]!);
  await expect(page.getByTestId("audit-log")).toContainText(en.settings.audit.actions["api_token.created"]!);
});
