import { expect, test } from "@playwright/test";
import { connectDb, password, signInViaUi, signUpViaApi, uniqueEmail } from "./fixtures/beacon";

test("an owner invites an email, the invitee signs up with it, opens the link and joins", async ({ browser, request }) => {
  const owner = await signUpViaApi(request, "inv-owner");
  const email = uniqueEmail("inv-invitee");

  const ownerContext = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const ownerPage = await ownerContext.newPage();
  await signInViaUi(ownerPage, owner.email);
  await ownerPage.goto(`/${owner.slug}/settings`);
  await ownerPage.getByLabel("Invite by email").fill(email);
  await ownerPage.getByRole("combobox", { name: "Role", exact: true }).selectOption("admin");
  await ownerPage.getByRole("button", { name: "Send invitation" }).click();
  const shown = (await ownerPage.getByTestId("invitation-link").textContent())!.trim();
  await ownerPage.getByRole("button", { name: "Copy link" }).click();
  await expect(ownerPage.getByRole("button", { name: "Copied" })).toBeVisible();
  const link = await ownerPage.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(shown);
  expect(link).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);
  await expect(ownerPage.getByTestId("invitation-row").filter({ hasText: email })).toContainText("invited by");

  // Signed out, the link leads to sign-in, and from there to sign-up, and back.
  const page = await (await browser.newContext()).newPage();
  await page.goto(link);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Finvitations%2F/);
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Your name").fill("Invitee");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Organization name").fill("Invitee's own");
  await page.getByRole("button", { name: "Create account" }).click();

  // Signing up granted nothing: the invitation page asks to accept.
  await expect(page).toHaveURL(link);
  const card = page.getByTestId("invitation");
  await expect(card).toHaveAttribute("data-state", "open");
  await expect(card).toContainText(owner.email);
  await expect(card).toContainText("admin");
  const sql = connectDb();
  const before = await sql`select count(*)::int as n from memberships m join users u on u.id = m.user_id where u.email = ${email} and m.organization_id = ${owner.organizationId}`;
  expect(before[0]?.n).toBe(0);

  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page).toHaveURL(new RegExp(`/${owner.slug}$`));
  await expect(page.getByTestId("current-user")).toContainText(`${email} · admin`);
  const [row] = await sql`select accepted_at, token_hash from invitations where email = ${email}`;
  expect(row?.accepted_at).not.toBeNull();
  expect(row?.token_hash).toBeNull();
  await sql.end();

  // The link is spent.
  await page.goto(link);
  await expect(page.getByTestId("invitation")).toHaveAttribute("data-state", "invalid");
  await expect(page.getByRole("heading", { name: "This link is not valid" })).toBeVisible();
});

test("a link needs the invited email's account, and a revoked link is dead", async ({ browser, request }) => {
  const owner = await signUpViaApi(request, "inv-owner2");
  const invited = await signUpViaApi(request, "inv-invited");
  const other = await signUpViaApi(request, "inv-other");
  const ownerPage = await (await browser.newContext()).newPage();
  await signInViaUi(ownerPage, owner.email);
  const created = await ownerPage.request.post(`/api/orgs/${owner.slug}/members`, { data: { email: invited.email, role: "viewer" } });
  expect(created.status()).toBe(201);
  const invitation = (await created.json()) as { id: string; url: string };
  // The list of open invitations never carries the link.
  const listed = await ownerPage.request.get(`/api/orgs/${owner.slug}/members`);
  expect(await listed.text()).not.toContain(invitation.url.split("/").pop()!);

  const otherPage = await (await browser.newContext()).newPage();
  await signInViaUi(otherPage, other.email);
  await otherPage.goto(invitation.url);
  await expect(otherPage.getByTestId("invitation")).toHaveAttribute("data-state", "wrong-account");
  await expect(otherPage.getByRole("button", { name: "Accept invitation" })).toHaveCount(0);
  const token = invitation.url.split("/").pop();
  const refused = await otherPage.request.post("/api/invitations/accept", { data: { token } });
  expect(refused.status()).toBe(403);
  expect(await refused.text()).not.toContain(invited.email);

  expect((await ownerPage.request.delete(`/api/orgs/${owner.slug}/invitations/${invitation.id}`)).status()).toBe(204);
  const invitedPage = await (await browser.newContext()).newPage();
  await signInViaUi(invitedPage, invited.email);
  await invitedPage.goto(invitation.url);
  await expect(invitedPage.getByTestId("invitation")).toHaveAttribute("data-state", "invalid");
  const dead = await invitedPage.request.post("/api/invitations/accept", { data: { token } });
  expect(dead.status()).toBe(404);
  expect((await invitedPage.goto(`/${owner.slug}`))?.status()).toBe(404);
});
