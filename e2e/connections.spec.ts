import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { stripeSignature } from "../lib/webhooks/testing/stripe-signature";
import { acceptInvitationViaApi, connectDb, signInViaUi, signUpViaApi } from "./fixtures/beacon";

// The app serves the provider sandbox itself on this port (see playwright.config.ts).
const sandbox = `http://127.0.0.1:${process.env.BEACON_E2E_SANDBOX_PORT ?? "12112"}`;
const platformKey = "sk_test_beacon_sandbox_platform";

/** Stripe's hosted onboarding, as the sandbox serves it. */
async function onboard(page: Page, outcome: "complete" | "leave") {
  await expect(page).toHaveURL(/\/onboarding\//);
  await page.getByLabel("Business name").fill("E2E Coffee");
  await page.getByLabel("Outcome (sandbox)").selectOption(outcome);
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page).toHaveURL(/\/connections\?/);
}

test("connect Stripe and Conekta, register webhooks, pass the signature test for both", async ({ page, request }) => {
  test.setTimeout(180_000);
  const owner = await signUpViaApi(request, "connections");
  await signInViaUi(page, owner.email);
  await page.getByRole("link", { name: "Connections", exact: true }).click();
  const stripe = page.getByTestId("stripe-card");
  const conekta = page.getByTestId("conekta-card");
  await expect(stripe).toContainText("Not connected in test mode");

  // Stripe: hosted onboarding; the return page re-reads the account.
  await stripe.getByRole("button", { name: "Connect Stripe" }).click();
  await onboard(page, "complete");
  await expect(page.getByText("Back from Stripe")).toBeVisible();
  await expect(stripe.getByTestId("connection-status")).toHaveAttribute("data-status", "enabled");
  await expect(stripe).toContainText("Stripe needs nothing more right now");

  // Stripe restricts the account; its account.updated event reaches Beacon and the page shows it.
  const sql = connectDb();
  const [connection] = await sql<{ id: string; account_id: string }[]>`
    select id, account_id from provider_connections where organization_id = ${owner.organizationId} and provider = 'stripe'`;
  const restrict = await request.post(`${sandbox}/_sandbox/accounts/${connection!.account_id}/restrict`, {
    headers: { authorization: `Bearer ${platformKey}` },
    form: { "past_due[]": "individual.verification.document" },
  });
  expect(restrict.status()).toBe(200);
  await expect
    .poll(async () => (await sql`select status from provider_connections where id = ${connection!.id}`)[0]!.status, { timeout: 30_000 })
    .toBe("restricted");
  await page.reload();
  await expect(stripe.getByTestId("connection-status")).toHaveAttribute("data-status", "restricted");
  await expect(stripe.getByTestId("requirements")).toContainText("Identity document of the representative");
  await expect(stripe).toContainText("Required information is overdue");

  await stripe.getByRole("button", { name: "Continue onboarding" }).click();
  await onboard(page, "complete");
  await expect(stripe.getByTestId("connection-status")).toHaveAttribute("data-status", "enabled");

  // Conekta: a wrong key is refused with a reason and nothing saved; a sandbox key connects.
  await conekta.getByLabel("Private key").fill("key_not_a_real_key");
  await conekta.getByRole("button", { name: "Save key" }).click();
  await expect(conekta.getByRole("alert")).toContainText("Conekta rejected this private key");
  const privateKey = `key_sandbox_e2e${Date.now()}`;
  await conekta.getByLabel("Private key").fill(privateKey);
  await conekta.getByRole("button", { name: "Save key" }).click();
  await expect(conekta.getByTestId("connection-status")).toHaveAttribute("data-status", "enabled");
  await expect(conekta.getByTestId("conekta-key-hint")).toHaveText(`key_…${privateKey.slice(-4)}`);

  // Webhooks: Beacon's shared Stripe Connect endpoint (its platform-events endpoint is no
  // organization's) and this connection's Conekta endpoint, each tested.
  const rows = page.getByTestId("endpoint-row");
  await expect(rows).toHaveCount(2);
  for (const kind of ["stripe_connect", "conekta"]) {
    const row = page.locator(`[data-testid="endpoint-row"][data-kind="${kind}"]`);
    await row.getByRole("button", { name: "Test signature" }).click();
    const result = row.locator("xpath=following-sibling::tr[1]").getByTestId("signature-result");
    await expect(result).toHaveAttribute("data-outcome", "verified", { timeout: 30_000 });
    await expect(result).toContainText(/Received and verified in \d+ ms/);
    await expect(result).toContainText(kind === "conekta" ? "webhook_ping" : "customer.");
  }
  // Delivery statistics are written every few seconds; the page polls for them.
  await expect(rows.filter({ hasText: "verified" })).toHaveCount(2, { timeout: 30_000 });
  // The shared endpoint is rotated by Beacon's operators, never from an organization's page.
  const stripeRow = page.locator('[data-testid="endpoint-row"][data-kind="stripe_connect"]');
  await expect(stripeRow.getByTestId("endpoint-shared")).toBeVisible();
  await expect(stripeRow.getByRole("button", { name: "Rotate secret" })).toHaveCount(0);

  // Rotation: a new Conekta key signs from now on, the old one keeps verifying through the overlap.
  const conektaRow = page.locator('[data-testid="endpoint-row"][data-kind="conekta"]');
  const conektaResult = conektaRow.locator("xpath=following-sibling::tr[1]").getByTestId("signature-result");
  const before = await conektaResult.textContent();
  page.once("dialog", (dialog) => dialog.accept());
  await conektaRow.getByRole("button", { name: "Rotate secret" }).click();
  await expect(conektaRow).toContainText("previous verifies until");
  await conektaRow.getByRole("button", { name: "Test signature" }).click();
  await expect(conektaResult).toHaveAttribute("data-outcome", "verified", { timeout: 30_000 });
  await expect(conektaResult).not.toHaveText(before!); // another ping, signed with the new key

  // `stripe listen`: register the whsec_ it printed, get the command, and an event signed with
  // that secret (by hand, as the CLI would) posted to the shown URL lands on the Events page.
  const forwarding = stripe.getByTestId("stripe-forwarding");
  const listenSecret = `whsec_${randomBytes(24).toString("base64url")}`;
  await forwarding.getByLabel("Signing secret from").fill(listenSecret);
  await forwarding.getByRole("button", { name: "Register secret" }).click();
  const command = forwarding.getByTestId("forwarding-command");
  await expect(command).toHaveText(/^stripe listen --forward-to http:\/\/\S+\/api\/webhooks\/stripe\/forward\/[0-9a-f-]{36}$/);
  await expect(forwarding).toContainText(`whsec_…${listenSecret.slice(-4)}`);
  const forwardUrl = new URL((await command.textContent())!.replace("stripe listen --forward-to ", ""));
  const listenEventId = `evt_listen_${Date.now()}`;
  const listenBody = JSON.stringify({
    id: listenEventId,
    object: "event",
    account: connection!.account_id,
    livemode: false,
    created: Math.floor(Date.now() / 1000),
    type: "account.updated",
    data: { object: { id: connection!.account_id, object: "account" } },
  });
  const forwarded = await request.post(forwardUrl.pathname, { data: listenBody, headers: { "content-type": "application/json", "stripe-signature": stripeSignature(listenBody, [listenSecret]) } });
  expect(forwarded.status()).toBe(200);
  await page.goto(`/${owner.slug}/events?q=${listenEventId}`);
  const listenRow = page.getByTestId("event-row").filter({ hasText: "account.updated" });
  await expect(listenRow).toBeVisible({ timeout: 30_000 });
  await expect(listenRow.getByText(/^(processed|ignored)$/)).toBeVisible({ timeout: 30_000 });
  await page.goto(`/${owner.slug}/connections`);
  await expect(page.getByTestId("stripe-forwarding").getByTestId("forwarding-endpoint")).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath("connections-light.png"), fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
  await page.screenshot({ path: test.info().outputPath("connections-dark.png"), fullPage: true });

  // Secrets stay out of the database in plain text and out of the page.
  const stored = await sql`select * from provider_connections, vault_secrets where provider_connections.organization_id = ${owner.organizationId}`;
  expect(JSON.stringify(stored)).not.toContain(privateKey);
  expect(await page.content()).not.toContain(privateKey);
  // Only the forwarding secret's hint (whsec_…abcd) is shown, never a secret itself.
  expect(await page.content()).not.toMatch(/whsec_[A-Za-z0-9+/=_-]{8,}/);
  expect(await page.content()).not.toContain(listenSecret);
  await sql.end();
});

test("a viewer sees the connections but cannot connect or rotate", async ({ page, request, browser }) => {
  const owner = await signUpViaApi(request, "conn-owner");
  const viewer = await signUpViaApi(request, "conn-viewer");
  const ownerPage = await browser.newPage();
  await signInViaUi(ownerPage, owner.email);
  const invited = await ownerPage.request.post(`/api/orgs/${owner.slug}/members`, { data: { email: viewer.email, role: "viewer" } });
  expect(invited.status()).toBe(201);
  const { url } = (await invited.json()) as { url: string };
  const connected = await ownerPage.request.post(`/api/orgs/${owner.slug}/connections/conekta`, { data: { mode: "test", privateKey: `key_sandbox_v${Date.now()}` } });
  expect(connected.status()).toBe(201);
  await ownerPage.close();

  await signInViaUi(page, viewer.email);
  await acceptInvitationViaApi(page, url);
  await page.goto(`/${owner.slug}/connections`);
  await expect(page.getByTestId("conekta-card").getByTestId("connection-status")).toHaveAttribute("data-status", "enabled");
  await expect(page.getByText("Only admins and owners can connect providers.").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect Stripe" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Rotate secret" })).toHaveCount(0);
  const endpoint = await page.locator('[data-testid="endpoint-row"]').count();
  expect(endpoint).toBe(1);

  const forbidden = await page.request.post(`/api/orgs/${owner.slug}/connections/conekta`, { data: { mode: "test", privateKey: "key_sandbox_viewer_try" } });
  expect(forbidden.status()).toBe(403);
  expect(forbidden.headers()["content-type"]).toContain("application/problem+json");
});

test("an owner cannot rotate Beacon's shared Stripe endpoint, and unsigned deliveries naming its account raise no alert", async ({ page, request }) => {
  const owner = await signUpViaApi(request, "conn-shared");
  await signInViaUi(page, owner.email);
  const origin = new URL(page.url()).origin;
  const started = await page.request.post(`/api/orgs/${owner.slug}/connections/stripe`, { data: { mode: "test" }, headers: { origin } });
  expect(started.status()).toBe(200);
  const listed = (await (await page.request.get(`/api/orgs/${owner.slug}/connections?mode=test`)).json()) as {
    stripe: { accountId: string };
    endpoints: { id: string; kind: string; shared: boolean; canRotate: boolean }[];
  };
  expect(listed.endpoints.map((e) => [e.kind, e.shared, e.canRotate])).toEqual([["stripe_connect", true, false]]);

  const rotate = await page.request.post(`/api/orgs/${owner.slug}/connections/endpoints/${listed.endpoints[0]!.id}/rotate`, { data: {}, headers: { origin } });
  expect(rotate.status()).toBe(403);
  expect(rotate.headers()["content-type"]).toContain("application/problem+json");

  // Anyone can post to the shared URL and name any account; what verified nothing is nobody's.
  for (let i = 0; i < 5; i++) {
    const body = JSON.stringify({ id: `evt_forged_${Date.now()}_${i}`, object: "event", account: listed.stripe.accountId, livemode: false, created: Math.floor(Date.now() / 1000), type: "invoice.paid", data: { object: {} } });
    const forged = await request.post("/api/webhooks/stripe", { data: body, headers: { "content-type": "application/json", "stripe-signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` } });
    expect(forged.status()).toBe(400);
  }
  const alerts = (await (await page.request.get(`/api/orgs/${owner.slug}/alerts?mode=test`)).json()) as { alerts: { rule: string }[] };
  expect(alerts.alerts.map((a) => a.rule)).not.toContain("signature_failures");
});

test("live mode says why it is unavailable", async ({ page, request }) => {
  const owner = await signUpViaApi(request, "conn-live");
  await signInViaUi(page, owner.email);
  await page.goto(`/${owner.slug}/connections`);
  await page.getByRole("switch", { name: "Test mode" }).click();
  await expect(page.getByText("Your provider accounts in live mode")).toBeVisible();
  await expect(page.getByTestId("stripe-card")).toContainText("Live Stripe is unavailable");
  await expect(page.getByRole("button", { name: "Connect Stripe" })).toBeDisabled();
  const refused = await page.request.post(`/api/orgs/${owner.slug}/connections/stripe`, { data: { mode: "live" } });
  expect(refused.status()).toBe(503);
  expect((await refused.json()).detail).toContain("sandbox");
});
