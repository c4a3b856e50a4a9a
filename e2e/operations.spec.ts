import { createDecipheriv, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { verifyAlertSignature } from "../lib/alert-delivery/signature";
import { STRIPE_API_VERSION } from "../lib/providers/stripe/api-version";
import { stripeSignature } from "../lib/webhooks/testing/stripe-signature";
import { connectDb, signInViaUi, signUpViaApi } from "./fixtures/beacon";
import { e2eServerSecrets } from "./server-secrets";

// On-call operations, end to end in the browser: replay by filter (plan, run, progress, audit),
// alert delivery to a webhook this spec receives (secret shown once, signed test alert), and
// API-version drift (an event rendered at an older Stripe version shows on the endpoint's row and
// raises `api_version_drift`). Each test has its own organization.

/**
 * The signing secret of Beacon's shared Stripe Connect endpoint (test mode), as Stripe knows it.
 * Only Stripe and Beacon hold it; the spec plays Stripe, so it opens Beacon's vault row with the
 * e2e server's master key (the same AES-256-GCM layout as lib/vault: iv, tag, body; the purpose
 * is the additional data).
 */
async function sharedStripeSecret(): Promise<string> {
  const sql = connectDb();
  const [row] = await sql<{ key_id: string; ciphertext: string; purpose: string }[]>`
    select v.key_id, v.ciphertext, v.purpose from webhook_endpoints e
    join webhook_secrets s on s.endpoint_id = e.id and s.status = 'active'
    join vault_secrets v on v.id = s.secret_id
    where e.kind = 'stripe_connect' and e.mode = 'test' and e.organization_id is null and e.enabled
    order by s.created_at desc limit 1`;
  await sql.end();
  const keys = e2eServerSecrets().BEACON_VAULT_KEYS.split(",").map((entry) => entry.trim().split(":", 2) as [string, string]);
  const key = Buffer.from(keys.find(([id]) => id === row!.key_id)![1], "base64");
  const raw = Buffer.from(row!.ciphertext, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(row!.purpose));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

/** A fresh organization with a (test-mode) Stripe account, signed in; its account id. */
async function orgWithStripe(page: Page, request: APIRequestContext, label: string) {
  const owner = await signUpViaApi(request, label);
  await signInViaUi(page, owner.email);
  const started = await page.request.post(`/api/orgs/${owner.slug}/connections/stripe`, { data: { mode: "test" } });
  expect(started.status()).toBe(200);
  const listed = (await (await page.request.get(`/api/orgs/${owner.slug}/connections?mode=test`)).json()) as { stripe: { accountId: string } };
  return { ...owner, accountId: listed.stripe.accountId };
}

/** Delivers Stripe events to Beacon's shared endpoint, signed as Stripe signs; waits until each settled. */
async function deliverStripeEvents(request: APIRequestContext, accountId: string, events: { type: string; apiVersion: string }[]) {
  const secret = await sharedStripeSecret();
  const ids: string[] = [];
  for (const { type, apiVersion } of events) {
    const id = `evt_ops_${randomBytes(8).toString("hex")}`;
    const body = JSON.stringify({
      id,
      object: "event",
      api_version: apiVersion,
      account: accountId,
      livemode: false,
      created: Math.floor(Date.now() / 1000),
      type,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: { id: `prod_${randomBytes(6).toString("hex")}`, object: type.split(".")[0] } },
    });
    const delivered = await request.post("/api/webhooks/stripe", { data: body, headers: { "content-type": "application/json", "stripe-signature": stripeSignature(body, [secret]) } });
    expect(delivered.status()).toBe(200);
    ids.push(id);
  }
  const sql = connectDb();
  await expect
    .poll(async () => (await sql`select count(*)::int as n from webhook_events where provider_event_id in ${sql(ids)} and status = 'ignored'`)[0]!.n, { timeout: 30_000 })
    .toBe(ids.length);
  await sql.end();
  return ids;
}

test("replay by filter: the plan counts the ignored events and says what each type would do; the run settles them and is audited", async ({ page, request }) => {
  test.setTimeout(120_000);
  const org = await orgWithStripe(page, request, "ops-replay");
  await deliverStripeEvents(request, org.accountId, [
    { type: "product.created", apiVersion: STRIPE_API_VERSION },
    { type: "product.created", apiVersion: STRIPE_API_VERSION },
    { type: "price.created", apiVersion: STRIPE_API_VERSION },
  ]);

  await page.goto(`/${org.slug}/events`);
  const panel = page.getByTestId("replay-panel");
  await panel.getByRole("button", { name: "Choose events…" }).click();
  await panel.locator('select[name="replay-status"]').selectOption("ignored");
  await panel.locator('select[name="replay-provider"]').selectOption("stripe");
  await panel.getByRole("button", { name: "Show plan" }).click();

  // The plan: how many, per type how many and what it would do now; nothing has run yet.
  const plan = panel.getByTestId("replay-plan");
  await expect(plan.getByRole("status")).toHaveText("3 events of 2 types would run again.");
  const product = plan.getByTestId("replay-plan-row").filter({ hasText: "product.created" });
  await expect(product.locator("td").nth(1)).toHaveText("2");
  await expect(product).toContainText("still ignored");
  await expect(product).toContainText("No handler for Stripe event type product.created");
  const price = plan.getByTestId("replay-plan-row").filter({ hasText: "price.created" });
  await expect(price.locator("td").nth(1)).toHaveText("1");
  await expect(price).toContainText("No handler for Stripe event type price.created");
  await expect(panel.getByTestId("replay-progress")).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("replay-plan.png"), fullPage: true });

  // Run it: the events go back in the queue, the workers take them, the panel follows to the result.
  await panel.getByRole("button", { name: "Replay 3 events" }).click();
  const progress = panel.getByTestId("replay-progress");
  await expect(progress).toHaveAttribute("data-done", "true", { timeout: 45_000 });
  await expect(progress).toContainText("Replay finished: 3 events ran again.");
  await expect(progress.getByTestId("replay-result")).toContainText("ignored: 3");
  await page.screenshot({ path: test.info().outputPath("replay-done.png"), fullPage: true });

  const sql = connectDb();
  const attempts = await sql`select e.type, count(a.*)::int as n from webhook_events e join event_attempts a on a.event_id = e.id
    where e.organization_id = ${org.organizationId} group by e.type order by e.type`;
  await sql.end();
  // One attempt on delivery, one for the replay.
  expect(attempts.map((r) => [r.type, r.n])).toEqual([["price.created", 2], ["product.created", 4]]);

  await page.goto(`/${org.slug}/settings`);
  await expect(page.getByTestId("audit-log")).toContainText("Events replayed by filter");
});

test("alert delivery: a webhook destination gets a signed test alert, its secret shown once", async ({ page, request }) => {
  const received: { headers: IncomingHttpHeaders; body: string; method: string; url: string }[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), method: req.method!, url: req.url! });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/beacon-alerts`;
  try {
    const owner = await signUpViaApi(request, "ops-alerts");
    await signInViaUi(page, owner.email);
    await page.goto(`/${owner.slug}/settings`);
    const panel = page.getByTestId("alert-destinations");
    await panel.locator('select[name="alert-kind"]').selectOption("webhook");
    await panel.locator('input[name="alert-target"]').fill(url);
    await panel.locator('select[name="alert-severity"]').selectOption("warning");
    await panel.getByRole("button", { name: "Add destination" }).click();

    const shown = panel.getByTestId("alert-secret");
    await expect(shown).toContainText("copy it now");
    const secret = (await shown.locator("code").textContent())!.trim();
    expect(secret).toMatch(/^bas_/);
    const row = panel.getByTestId("alert-destination-row").filter({ hasText: url });
    await expect(row).toContainText(secret.slice(-4));

    await row.getByRole("button", { name: "Send test" }).click();
    const outcome = panel.getByTestId("alert-test-result");
    await expect(outcome).toHaveAttribute("data-ok", "true", { timeout: 20_000 });
    await expect(outcome).toContainText(/Test alert delivered in \d+ ms\./);
    await page.screenshot({ path: test.info().outputPath("alert-delivery.png"), fullPage: true });

    expect(received).toHaveLength(1);
    const [post] = received;
    expect(post!.method).toBe("POST");
    expect(post!.url).toBe("/beacon-alerts");
    expect(verifyAlertSignature(secret, post!.body, (post!.headers["beacon-signature"] as string | undefined) ?? null)).toBe(true);
    expect(verifyAlertSignature(`${secret}x`, post!.body, (post!.headers["beacon-signature"] as string | undefined) ?? null)).toBe(false);
    const payload = JSON.parse(post!.body) as { type: string; organization: { slug: string } };
    expect(payload.type).toBe("alert.test");
    expect(payload.organization.slug).toBe(owner.slug);

    // Shown once: after a reload only the hint remains.
    await page.reload();
    await expect(panel.getByTestId("alert-destination-row").filter({ hasText: url })).toBeVisible();
    await expect(panel.getByTestId("alert-secret")).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);
    await expect(page.getByTestId("audit-log")).toContainText("Alert destination tested");
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
});

test("API-version drift: an event at an older Stripe version shows on the endpoint's row and raises api_version_drift", async ({ page, request }) => {
  test.setTimeout(90_000);
  const org = await orgWithStripe(page, request, "ops-drift");
  const old = "2024-06-20";
  await page.goto(`/${org.slug}/connections`);
  const endpoint = page.locator('[data-testid="endpoint-row"][data-kind="stripe_connect"]');
  await expect(endpoint.getByTestId("endpoint-api-version")).toHaveAttribute("data-drift", "false");

  await deliverStripeEvents(request, org.accountId, [{ type: "product.created", apiVersion: old }]);
  await page.reload();
  const line = endpoint.getByTestId("endpoint-api-version");
  await expect(line).toHaveAttribute("data-drift", "true");
  await expect(line).toContainText(`${old} ×1`);
  await line.getByRole("button", { name: "Upgrade path" }).click();
  await expect(line.getByTestId("api-version-guide")).toContainText(STRIPE_API_VERSION);
  await page.screenshot({ path: test.info().outputPath("api-version-drift.png"), fullPage: true });

  await page.goto(`/${org.slug}/observability`);
  const alert = page.getByTestId("alert").filter({ hasText: "Webhook endpoint on another API version" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(old);
  await expect(alert).toContainText(STRIPE_API_VERSION);
});
