import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { en } from "@/lib/i18n/en";
import { es } from "@/lib/i18n/es";
import { formatDate } from "@/lib/i18n/format";
import { connectDb, sandboxUrl, signInViaUi, signUpViaApi } from "./fixtures/beacon";

// Conekta bills a new plan from the end of the current cycle (its guide): a plan change made on
// the subscription page shows as scheduled, with its date, while the plan being billed stays the
// old one; the renewal the sandbox's clock brings makes the new plan the plan. In English and
// Spanish. The clock is the sandbox's, shared by the whole e2e server: it is moved only to just
// past this subscription's period end.

const key = () => `chk_${randomBytes(8).toString("hex")}`;
const basico = { code: "basico", name: "Básico", monthly: 29_900 };
const pro = { code: "pro", name: "Pro", monthly: 59_900 };

/** The sandbox's control API, authorized by the account's own private key. */
async function sandboxClock(page: Page, privateKey: string, advanceSeconds?: number) {
  const headers = { authorization: `Bearer ${privateKey}` };
  const response =
    advanceSeconds === undefined
      ? await page.request.get(`${sandboxUrl}/_sandbox/clock`, { headers })
      : await page.request.post(`${sandboxUrl}/_sandbox/clock/advance`, { headers, form: { seconds: String(advanceSeconds) } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { now: number }).now;
}

/** A new organization with a Conekta connection, plans Básico and Pro, and a buyer subscribed to Básico. */
async function subscribedToBasico(page: Page, request: APIRequestContext) {
  const owner = await signUpViaApi(request, "plan-change");
  await signInViaUi(page, owner.email);
  const privateKey = `key_sandbox_pc${randomBytes(6).toString("hex")}`;
  expect((await page.request.post(`/api/orgs/${owner.slug}/connections/conekta`, { data: { mode: "test", privateKey } })).status()).toBe(201);
  for (const plan of [basico, pro]) {
    const created = await page.request.post(`/api/orgs/${owner.slug}/plans`, { data: { code: plan.code, name: plan.name, currency: "mxn", prices: { monthly: plan.monthly } } });
    expect(created.status()).toBe(201);
  }
  const tokenCreated = await page.request.post(`/api/orgs/${owner.slug}/tokens`, { data: { name: "plan change e2e", scopes: ["integration"], mode: "test" } });
  expect(tokenCreated.status()).toBe(201);
  const { token } = (await tokenCreated.json()) as { token: string };
  const reference = key();
  const checkoutCreated = await page.request.post("/v1/billing/subscription-checkouts", {
    headers: { authorization: `Bearer ${token}`, "idempotency-key": key() },
    data: {
      organizationId: owner.organizationId,
      plan: basico.code,
      billingCycle: "monthly",
      mode: "test",
      provider: "conekta",
      customer: { email: `${reference}@example.com`, name: "Ana López", phone: "+52 55 1234 5678", reference },
    },
  });
  expect(checkoutCreated.status()).toBe(201);
  const checkout = (await checkoutCreated.json()) as { id: string; url: string };
  await page.goto(checkout.url);
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByTestId("return-result")).toHaveAttribute("data-result", "completed");

  const sql = connectDb();
  const subscription = async () =>
    (await sql<{ id: string; current_period_end: Date }[]>`
      select s.id, s.current_period_end from checkouts c join subscriptions s on s.id = c.subscription_id where c.id = ${checkout.id}`)[0];
  await expect.poll(subscription, { timeout: 30_000 }).toBeTruthy();
  const row = (await subscription())!;
  await sql.end();
  return { ...owner, privateKey, subscriptionId: row.id, periodEnd: row.current_period_end };
}

/** The subscription's plan and schedule as stored. */
async function stored(subscriptionId: string) {
  const sql = connectDb();
  const [row] = await sql<{ plan: string; scheduled: string | null; scheduled_at: Date | null; period_start: Date }[]>`
    select p.code as plan, sp.code as scheduled, s.scheduled_plan_at as scheduled_at, s.current_period_start as period_start
    from subscriptions s join plans p on p.id = s.plan_id left join plans sp on sp.id = s.scheduled_plan_id where s.id = ${subscriptionId}`;
  await sql.end();
  return row!;
}

const fact = (page: Page, label: string) => page.locator("dt", { hasText: new RegExp(`^${label}$`, "i") }).locator("xpath=following-sibling::dd[1]");
const timelineEntry = (page: Page, field: string) => page.getByTestId("timeline-entry").filter({ has: page.locator("strong", { hasText: new RegExp(`^${field}$`) }) });
const optionValues = (page: Page) => page.locator("select option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter((v) => v.includes(":")));

/** Chooses a plan in the subscription's actions and confirms the change. */
async function changePlan(page: Page, code: string) {
  const detail = en.subscriptions.detail;
  const actions = page.getByTestId("subscription-actions").locator("xpath=..");
  await actions.getByLabel(detail.actions.newPlan).selectOption(`${code}:monthly`);
  page.once("dialog", (dialog) => dialog.accept());
  await actions.getByRole("button", { name: detail.actions.changePlan }).click();
  return actions.getByRole("status");
}

/** Conekta's own subscription.updated webhooks, settled: at least `count` of them. */
async function expectUpdatesSettled(organizationId: string, count: number) {
  const sql = connectDb();
  await expect
    .poll(async () => (await sql`select count(*)::int as n from webhook_events where organization_id = ${organizationId} and type = 'subscription.updated' and status in ('processed', 'ignored')`)[0]!.n, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(count);
  await sql.end();
}

test("a Conekta plan change is scheduled for the cycle's end, shown with its date, and applied by the renewal", async ({ page, request }) => {
  test.setTimeout(180_000);
  const org = await subscribedToBasico(page, request);
  const detail = en.subscriptions.detail;
  const fields = en.subscriptions.timeline.fields;
  await page.goto(`/${org.slug}/subscriptions/${org.subscriptionId}`);
  await expect(fact(page, detail.plan)).toHaveText(`${basico.name} (${basico.code}), monthly`);
  await expect(page.getByTestId("scheduled-plan-badge")).toHaveCount(0);
  expect(await optionValues(page)).toEqual([`${pro.code}:monthly`]);

  // The dashboard action: Pro, confirmed, is scheduled for the end of the cycle.
  const effective = formatDate("en", org.periodEnd);
  await expect(await changePlan(page, pro.code)).toHaveText(detail.actions.scheduled(pro.name, effective));

  // Scheduled, with its date, on the header and the details; the plan billed is still Básico.
  await expect(page.getByTestId("scheduled-plan-badge")).toHaveText(detail.scheduledBadge(pro.name, effective));
  await expect(fact(page, detail.plan)).toHaveText(`${basico.name} (${basico.code}), monthly`);
  await expect(fact(page, detail.amount)).toHaveText("MX$299.00");
  await expect(fact(page, detail.scheduledPlan)).toHaveText(detail.scheduledValue(`${pro.name} (${pro.code})`, "monthly", effective));
  // The timeline records the schedule from the API call; no plan change yet.
  await expect(timelineEntry(page, fields.scheduled_plan!)).toContainText(`— → ${pro.code}`);
  await expect(timelineEntry(page, fields.scheduled_plan!)).toContainText(en.subscriptions.timeline.sources.api!);
  await expect(timelineEntry(page, fields.scheduled_plan_at!)).toContainText(`— → ${effective}`);
  await expect(timelineEntry(page, fields.plan!)).toHaveCount(1);
  // What can still be chosen: Básico back (which cancels the change), not Pro again.
  await expect.poll(() => optionValues(page)).toEqual([`${basico.code}:monthly`]);
  await page.screenshot({ path: test.info().outputPath("scheduled-en.png"), fullPage: true });
  expect(await stored(org.subscriptionId)).toMatchObject({ plan: basico.code, scheduled: pro.code, scheduled_at: org.periodEnd });

  // The same in Spanish.
  await page.getByLabel("Language").selectOption("es");
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  const esDetail = es.subscriptions.detail;
  const esFields = es.subscriptions.timeline.fields;
  const esEffective = formatDate("es", org.periodEnd);
  await expect(page.getByTestId("scheduled-plan-badge")).toHaveText(esDetail.scheduledBadge(pro.name, esEffective));
  await expect(fact(page, esDetail.scheduledPlan)).toHaveText(esDetail.scheduledValue(`${pro.name} (${pro.code})`, es.checkouts.cycles.monthly!, esEffective));
  await expect(timelineEntry(page, esFields.scheduled_plan_at!)).toContainText(`— → ${esEffective}`);
  await expect(timelineEntry(page, esFields.scheduled_billing_cycle!)).toContainText(`— → ${es.checkouts.cycles.monthly!}`);
  await page.screenshot({ path: test.info().outputPath("scheduled-es.png"), fullPage: true });
  await page.getByLabel("Idioma").selectOption("en");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  // Back to Básico before the cycle ends cancels the change; then Pro is scheduled again.
  await expect(await changePlan(page, basico.code)).toHaveText(detail.actions.planChanged(basico.name));
  await expect(page.getByTestId("scheduled-plan-badge")).toHaveCount(0);
  await expect(timelineEntry(page, fields.scheduled_plan!).filter({ hasText: `${pro.code} → —` })).toHaveCount(1);
  expect(await stored(org.subscriptionId)).toMatchObject({ plan: basico.code, scheduled: null });
  await expect.poll(() => optionValues(page)).toEqual([`${pro.code}:monthly`]);
  await expect(await changePlan(page, pro.code)).toHaveText(detail.actions.scheduled(pro.name, effective));
  await expect(page.getByTestId("scheduled-plan-badge")).toHaveText(detail.scheduledBadge(pro.name, effective));
  // Conekta's own subscription.updated webhooks (one a change, naming the plan at once) keep it scheduled.
  await expectUpdatesSettled(org.organizationId, 3);
  expect(await stored(org.subscriptionId)).toMatchObject({ plan: basico.code, scheduled: pro.code, scheduled_at: org.periodEnd });

  // The renewal: the sandbox's clock just past the period end; Conekta charges Pro and says so.
  const now = await sandboxClock(page, org.privateKey);
  await sandboxClock(page, org.privateKey, Math.max(0, Math.floor(org.periodEnd.getTime() / 1000) - now) + 60);
  await expect.poll(async () => (await stored(org.subscriptionId)).plan, { timeout: 60_000 }).toBe(pro.code);
  const renewed = await stored(org.subscriptionId);
  expect(renewed).toMatchObject({ scheduled: null, scheduled_at: null });
  expect(renewed.period_start.getTime()).toBeGreaterThanOrEqual(org.periodEnd.getTime());

  await page.reload();
  await expect(fact(page, detail.plan)).toHaveText(`${pro.name} (${pro.code}), monthly`);
  await expect(fact(page, detail.amount)).toHaveText("MX$599.00");
  await expect(page.getByTestId("scheduled-plan-badge")).toHaveCount(0);
  await expect(page.locator("dt", { hasText: detail.scheduledPlan })).toHaveCount(0);
  await expect(timelineEntry(page, fields.plan!).filter({ hasText: `${basico.code} → ${pro.code}` })).toHaveCount(1);
  await expect(timelineEntry(page, fields.scheduled_plan!).filter({ hasText: `${pro.code} → —` })).toHaveCount(2);
  expect(await optionValues(page)).toEqual([`${basico.code}:monthly`]);
  await page.screenshot({ path: test.info().outputPath("renewed-en.png"), fullPage: true });
});
