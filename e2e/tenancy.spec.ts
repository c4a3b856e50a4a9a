import { expect, test } from "@playwright/test";
import { signInViaUi, signUpViaApi } from "./fixtures/beacon";

test("a viewer sees tokens but cannot create them", async ({ browser, request }) => {
  const owner = await signUpViaApi(request, "owner");
  const viewer = await signUpViaApi(request, "viewer");

  const ownerPage = await (await browser.newContext()).newPage();
  await signInViaUi(ownerPage, owner.email);
  await ownerPage.goto(`/${owner.slug}/settings`);
  await ownerPage.getByLabel("Invite by email").fill(viewer.email);
  await ownerPage.getByRole("combobox", { name: "Role", exact: true }).selectOption("viewer");
  await ownerPage.getByRole("button", { name: "Send invitation" }).click();
  const link = (await ownerPage.getByTestId("invitation-link").textContent())!.trim();

  // An existing account is invited, not added: it joins by accepting the link.
  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  await signInViaUi(viewerPage, viewer.email);
  await viewerPage.goto(link);
  await viewerPage.getByRole("button", { name: "Accept invitation" }).click();
  await expect(viewerPage).toHaveURL(new RegExp(`/${owner.slug}$`));
  await viewerPage.goto(`/${owner.slug}/settings`);
  await expect(viewerPage.getByText("Only admins and owners can create or revoke tokens.")).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: "Create token" })).toHaveCount(0);

  // The API refuses too, whatever the page shows.
  const attempt = await viewerContext.request.post(`/api/orgs/${owner.slug}/tokens`, {
    data: { name: "sneaky", scopes: ["integration"], mode: "test" },
  });
  expect(attempt.status()).toBe(403);
  expect((await attempt.json()).code).toBe("forbidden");
});

test("a user of organization A gets 404 for organization B's resources", async ({ browser, request }) => {
  const a = await signUpViaApi(request, "tenant-a");
  const b = await signUpViaApi(request, "tenant-b");

  const bContext = await browser.newContext();
  const bPage = await bContext.newPage();
  await signInViaUi(bPage, b.email);
  const created = await bContext.request.post(`/api/orgs/${b.slug}/tokens`, { data: { name: "b's", scopes: ["read"], mode: "test" } });
  expect(created.status()).toBe(201);
  const bToken = (await created.json()) as { id: string };

  const aContext = await browser.newContext();
  const aPage = await aContext.newPage();
  await signInViaUi(aPage, a.email);

  const page = await aPage.goto(`/${b.slug}/settings`);
  expect(page?.status()).toBe(404);
  expect((await aContext.request.get(`/api/orgs/${b.slug}/tokens`)).status()).toBe(404);
  expect((await aContext.request.get(`/api/orgs/${b.slug}/audit-log`)).status()).toBe(404);
  // B's token id under A's own organization is not found either, and stays active.
  expect((await aContext.request.delete(`/api/orgs/${a.slug}/tokens/${bToken.id}`)).status()).toBe(404);
  const list = await bContext.request.get(`/api/orgs/${b.slug}/tokens`);
  expect(((await list.json()) as { data: { revokedAt: string | null }[] }).data[0]?.revokedAt).toBeNull();
});
