import { expect, test } from "@playwright/test";
import { Configuration, CustomersApi, OrdersApi, PlansApi } from "conekta";
import Stripe from "stripe";
import { sandboxUrl, uniqueEmail } from "./fixtures/beacon";

// The sandbox's hosted pages in a real browser, driven by the official SDK the way a platform
// would: Connect onboarding through an account link, then paying a subscription checkout; and
// Conekta's HostedPayment checkout for a plan.

const target = new URL(sandboxUrl);
const stripe = new Stripe("sk_test_e2e_hosted_pages", { host: target.hostname, port: Number(target.port), protocol: "http" });

test("completes Connect onboarding and pays a subscription on the hosted checkout", async ({ page, baseURL }) => {
  const account = await stripe.accounts.create({ type: "standard", email: uniqueEmail("merchant") });
  expect(account.charges_enabled).toBe(false);
  const link = await stripe.accountLinks.create({
    account: account.id,
    type: "account_onboarding",
    refresh_url: `${baseURL}/sign-in?onboarding=refresh`,
    return_url: `${baseURL}/sign-in?onboarding=return`,
  });

  await page.goto(link.url);
  await page.getByLabel("Business name").fill("Hosted Pages Co");
  await page.getByLabel("Outcome (sandbox)").selectOption("complete");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page).toHaveURL(/onboarding=return/);
  const onboarded = await stripe.accounts.retrieve(account.id);
  expect(onboarded).toMatchObject({ charges_enabled: true, payouts_enabled: true, details_submitted: true });

  // Account links are single use: a second visit goes to refresh_url for a new one.
  await page.goto(link.url);
  await expect(page).toHaveURL(/onboarding=refresh/);

  const onAccount = { stripeAccount: account.id };
  const product = await stripe.products.create({ name: "Plus" }, onAccount);
  const price = await stripe.prices.create(
    { currency: "usd", unit_amount: 1900, recurring: { interval: "month" }, product: product.id },
    onAccount,
  );
  const session = await stripe.checkout.sessions.create(
    {
      mode: "subscription",
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: `${baseURL}/sign-in?session={CHECKOUT_SESSION_ID}`,
      cancel_url: `${baseURL}/sign-in?canceled=1`,
    },
    onAccount,
  );

  await page.goto(session.url!);
  await page.getByLabel("Email").fill(uniqueEmail("buyer"));
  await page.getByLabel("Name on card").fill("Ana Buyer");
  await page.getByLabel("Card number").fill("4000 0000 0000 0002");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByText(/declined/i)).toBeVisible();
  expect((await stripe.checkout.sessions.retrieve(session.id, {}, onAccount)).status).toBe("open");

  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page).toHaveURL(new RegExp(`session=${session.id}`));
  const paid = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] }, onAccount);
  expect(paid.status).toBe("complete");
  expect((paid.subscription as Stripe.Subscription).status).toBe("active");
});

test("pays a Conekta HostedPayment checkout for a plan", async ({ page, baseURL }) => {
  const config = new Configuration({ accessToken: `key_sandbox_e2e${Date.now()}`, basePath: `${sandboxUrl}/conekta` });
  const plan = (await new PlansApi(config).createPlan({ name: "Plus", amount: 29_900, interval: "month", frequency: 1 })).data;
  const order = (
    await new OrdersApi(config).createOrder({
      currency: "MXN",
      customer_info: { name: "Ana López", email: uniqueEmail("comprador"), phone: "5512345678" },
      line_items: [{ name: "Plus", unit_price: 29_900, quantity: 1 }],
      checkout: {
        type: "HostedPayment",
        allowed_payment_methods: ["card"],
        plan_ids: [plan.id!],
        success_url: `${baseURL}/sign-in?conekta=paid`,
        failure_url: `${baseURL}/sign-in?conekta=failed`,
        expires_at: Math.floor(Date.now() / 1000) + 86_400,
      },
    })
  ).data;

  await page.goto(order.checkout!.url!);
  await expect(page.getByText("Plus: $299.00 MXN every month")).toBeVisible();
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page).toHaveURL(/conekta=paid/);
  const paid = (await new OrdersApi(config).getOrderById(order.id!)).data;
  expect(paid.payment_status).toBe("paid");
  const customer = (await new CustomersApi(config).getCustomerById(paid.customer_info!.customer_id!)).data;
  expect(customer.subscription).toMatchObject({ status: "active", plan_id: plan.id });
});
