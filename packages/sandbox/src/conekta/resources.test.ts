import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { conektaError, conektaFor, startTestSandbox, type TestSandbox } from "../test-support";

let t: TestSandbox;
beforeEach(async () => {
  t = await startTestSandbox();
});
afterEach(async () => {
  await t.stop();
});

function api(path: string, init: RequestInit & { key?: string } = {}) {
  const { key = t.conektaAccount.private_key, ...rest } = init;
  return fetch(`${t.sandbox.conektaUrl}${path}`, {
    ...rest,
    headers: { accept: "application/vnd.conekta-v2.3.0+json", "content-type": "application/json", authorization: `Bearer ${key}`, ...rest.headers },
  });
}

const buyer = { name: "Ana López", email: "ana@example.com", phone: "5512345678" };

describe("Conekta auth and accounts", () => {
  test("Bearer and Basic keys work; missing, unknown and public keys are 401 in Conekta's error shape", async () => {
    const basic = Buffer.from(`${t.conektaAccount.private_key}:`).toString("base64");
    const viaBasic = await api("/plans", { headers: { authorization: `Basic ${basic}` } });
    expect(viaBasic.status).toBe(200);
    expect(viaBasic.headers.get("conekta-media-type")).toBe("conekta-v2.3.0; format=application/json");
    expect(await viaBasic.json()).toMatchObject({ object: "list", has_more: false, data: [] });

    const bare = await fetch(`${t.sandbox.conektaUrl}/customers`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({
      object: "error",
      type: "authentication_error",
      log_id: expect.stringMatching(/^[0-9a-f]{24}$/),
      details: [{ code: "conekta.errors.authentication.missing_key", message: expect.any(String), param: null }],
    });
    const unknown = await conektaError(conektaFor(t.sandbox, "key_unknownKey123").customers.getCustomers());
    expect(unknown.status).toBe(401);
    expect(unknown.body.type).toBe("authentication_error");
    const publicKey = await conektaError(conektaFor(t.sandbox, t.conektaAccount.public_key).plans.getPlans());
    expect(publicKey.status).toBe(401);
  });

  test("key_sandbox_ keys provision their own account on first use; accounts never see each other", async () => {
    const typed = conektaFor(t.sandbox, "key_sandbox_typed_by_hand");
    const plan = await typed.plans.createPlan({ name: "Typed", amount: 5000, interval: "month", frequency: 1 });
    expect((await typed.plans.getPlan(plan.data.id ?? "")).data.name).toBe("Typed");
    expect((await conektaError(t.conekta.plans.getPlan(plan.data.id ?? ""))).status).toBe(404);
    expect((await typed.plans.getPlans()).data.data).toHaveLength(1);
  });

  test("control endpoint creates accounts with private and public keys", async () => {
    const res = await fetch(`${t.sandbox.url}/_sandbox/conekta/accounts`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.conektaAccount.private_key}` },
    });
    expect(res.status).toBe(200);
    const account = (await res.json()) as { id: string; private_key: string; public_key: string };
    expect(account.id).toMatch(/^[0-9a-f]{24}$/);
    expect(account.private_key).toMatch(/^key_sandbox_\w{24}$/);
    expect(account.public_key).toMatch(/^key_\w{24}$/);
    const own = conektaFor(t.sandbox, account.private_key);
    expect((await own.customers.getCustomers()).data.data).toEqual([]);
  });
});

describe("Conekta customers, cards and fiscal entities", () => {
  test("create with a card token and a fiscal entity; retrieve, update, list, delete", async () => {
    const created = await t.conekta.customers.createCustomer({
      ...buyer,
      custom_reference: "org_42",
      payment_sources: [{ type: "card", token_id: "tok_test_visa_4242" }],
      fiscal_entities: [{ tax_id: "LOAA800101AB1", address: { street1: "Av. Reforma 1", postal_code: "06600", city: "CDMX", country: "MX" }, metadata: { tax_regime: "612" } as never }],
    });
    const customer = created.data;
    expect(customer).toMatchObject({ object: "customer", livemode: false, name: buyer.name, custom_reference: "org_42" });
    expect(customer.id).toMatch(/^cus_\w{17}$/);
    const [card] = customer.payment_sources?.data ?? [];
    expect(card).toMatchObject({ object: "payment_source", type: "card", last4: "4242", brand: "visa", default: true, parent_id: customer.id });
    expect(customer.default_payment_source_id).toBe(card?.id);
    expect(customer.fiscal_entities?.data?.[0]).toMatchObject({ tax_id: "LOAA800101AB1", address: { postal_code: "06600" }, metadata: { tax_regime: "612" }, default: true });

    const second = await t.conekta.paymentMethods.createCustomerPaymentMethods(customer.id, { type: "card", token_id: "tok_test_mastercard_4444" });
    expect(second.data).toMatchObject({ brand: "mastercard", last4: "4444", default: false });
    const updated = await t.conekta.customers.updateCustomer(customer.id, { name: "Ana L.", default_payment_source_id: second.data.id });
    expect(updated.data).toMatchObject({ name: "Ana L.", default_payment_source_id: second.data.id });
    const sources = await t.conekta.paymentMethods.getCustomerPaymentMethods(customer.id);
    expect(sources.data.data?.map((s) => s.id)).toEqual([second.data.id, card?.id]);
    await t.conekta.paymentMethods.deleteCustomerPaymentMethods(customer.id, second.data.id ?? "");
    expect((await t.conekta.customers.getCustomerById(customer.id)).data.default_payment_source_id).toBe(card?.id);

    const entity = await t.conekta.customers.createCustomerFiscalEntities(customer.id, {
      tax_id: "ABC010101AB1", company_name: "ACME SA", address: { street1: "Calle 2", postal_code: "44100", city: "Guadalajara" },
    });
    const changed = await t.conekta.customers.updateCustomerFiscalEntities(customer.id, entity.data.id, { company_name: "ACME SA de CV" });
    expect(changed.data).toMatchObject({ tax_id: "ABC010101AB1", company_name: "ACME SA de CV", default: false });

    expect((await t.conekta.customers.getCustomers()).data.data?.map((c) => c.id)).toEqual([customer.id]);
    const deleted = await t.conekta.customers.deleteCustomerById(customer.id);
    expect(deleted.data.id).toBe(customer.id);
    expect((await conektaError(t.conekta.customers.getCustomerById(customer.id))).status).toBe(404);
    const types = (await t.conekta.events.getEvents()).data.data?.map((e) => e.type);
    expect(types).toEqual(["customer.deleted", "customer.updated", "customer.created"]);
    const update = (await t.conekta.events.getEvents()).data.data?.[1];
    expect(update?.data).toMatchObject({ previous_attributes: { name: buyer.name, default_payment_source_id: card?.id } });
  });

  test("422 for missing fields, bad RFC, postal code, tax regime and unknown tokens; 404 with Conekta's shape", async () => {
    const missing = await conektaError(t.conekta.customers.createCustomer({ name: "x", email: "x@example.com" } as never));
    expect(missing).toMatchObject({ status: 422, body: { type: "parameter_validation_error", details: [{ param: "phone" }] } });
    const address = { street1: "Calle 1", postal_code: "06600", city: "CDMX" };
    const badRfc = await conektaError(t.conekta.customers.createCustomer({ ...buyer, fiscal_entities: [{ tax_id: "NOT-AN-RFC", address }] }));
    expect(badRfc.body.details[0]).toMatchObject({ param: "fiscal_entities.0.tax_id" });
    const badZip = await conektaError(t.conekta.customers.createCustomer({ ...buyer, fiscal_entities: [{ address: { ...address, postal_code: "123" } }] }));
    expect(badZip.body.details[0]?.param).toBe("fiscal_entities.0.address.postal_code");
    const badRegime = await conektaError(
      t.conekta.customers.createCustomer({ ...buyer, fiscal_entities: [{ address, metadata: { tax_regime: "999" } as never }] }),
    );
    expect(badRegime.body.details[0]?.param).toBe("fiscal_entities.0.metadata.tax_regime");
    const badToken = await conektaError(t.conekta.customers.createCustomer({ ...buyer, payment_sources: [{ type: "card", token_id: "tok_nope" }] }));
    expect(badToken.body.details[0]).toMatchObject({ message: "The token does not exist.", code: expect.stringContaining("nonexistent_token") });
    expect((await t.conekta.customers.getCustomers()).data.data).toEqual([]);
    const notFound = await conektaError(t.conekta.customers.getCustomerById("cus_missing"));
    expect(notFound).toMatchObject({
      status: 404,
      body: { type: "resource_not_found_error", details: [{ code: "conekta.errors.resource_not_found.entity", debug_message: 'The object Customer "cus_missing" could not be found.' }] },
    });
    const badJson = await api("/customers", { method: "POST", body: "{nope" });
    expect(badJson.status).toBe(400);
  });

  test("lists page with limit and next, newest first", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await t.conekta.customers.createCustomer({ ...buyer, email: `c${i}@example.com` })).data.id);
    const page1 = (await t.conekta.customers.getCustomers(undefined, undefined, 2)).data;
    expect(page1.data?.map((c) => c.id)).toEqual([ids[4], ids[3]]);
    expect(page1.has_more).toBe(true);
    expect(page1.next_page_url).toBe(`${t.sandbox.conektaUrl}/customers?limit=2&next=${ids[3]}`);
    const page3 = (await t.conekta.customers.getCustomers(undefined, undefined, 2, undefined, ids[1])).data;
    expect(page3.data?.map((c) => c.id)).toEqual([ids[0]]);
    expect(page3.has_more).toBe(false);
    const search = (await t.conekta.customers.getCustomers(undefined, undefined, 20, "c2@example")).data;
    expect(search.data?.map((c) => c.id)).toEqual([ids[2]]);
  });
});

describe("Conekta plans and orders", () => {
  test("plans: create with defaults, validation, update, delete", async () => {
    const plan = await t.conekta.plans.createPlan({ id: "gold-plan", name: "Gold", amount: 77_700, interval: "month", frequency: 1, trial_period_days: 30, expiry_count: 6 });
    expect(plan.data).toEqual({
      id: "gold-plan", object: "plan", livemode: false, created_at: expect.any(Number), name: "Gold", amount: 77_700, currency: "MXN",
      interval: "month", frequency: 1, trial_period_days: 30, expiry_count: 6, max_retries: 3, retry_delay_hours: 50,
    });
    const duplicate = await conektaError(t.conekta.plans.createPlan({ id: "gold-plan", name: "Again", amount: 1, interval: "month", frequency: 1 }));
    expect(duplicate.status).toBe(422);
    const badInterval = await conektaError(t.conekta.plans.createPlan({ name: "Daily", amount: 100, interval: "day" as never, frequency: 1 }));
    expect(badInterval.body.details[0]?.param).toBe("interval");
    const fewRetries = await conektaError(t.conekta.plans.createPlan({ name: "X", amount: 100, interval: "week", frequency: 1, max_retries: 1 }));
    expect(fewRetries.body.details[0]?.param).toBe("max_retries");
    const updated = await t.conekta.plans.updatePlan("gold-plan", { amount: 88_800 });
    expect(updated.data.amount).toBe(88_800);
    expect((await t.conekta.plans.deletePlan("gold-plan")).data.id).toBe("gold-plan");
    expect((await t.conekta.plans.getPlans()).data.data).toEqual([]);
    const types = (await t.conekta.events.getEvents()).data.data?.map((e) => e.type);
    expect(types).toEqual(["plan.deleted", "plan.updated", "plan.created"]);
  });

  test("orders: paid with a token, declined with 402, retrieve and list", async () => {
    const lineItems = [{ name: "Box", unit_price: 20_000, quantity: 2 }];
    const paid = await t.conekta.orders.createOrder({
      currency: "MXN", customer_info: buyer, line_items: lineItems,
      charges: [{ payment_method: { type: "card", token_id: "tok_test_visa_4242" } }],
    });
    expect(paid.data).toMatchObject({ object: "order", amount: 40_000, currency: "MXN", payment_status: "paid", customer_info: { email: buyer.email } });
    const charge = paid.data.charges?.data?.[0];
    expect(charge).toMatchObject({ object: "charge", status: "paid", amount: 40_000, order_id: paid.data.id, payment_method: { object: "card_payment", last4: "4242" } });
    expect(charge?.id).toMatch(/^[0-9a-f]{24}$/);

    const declined = await conektaError(
      t.conekta.orders.createOrder({ currency: "MXN", customer_info: buyer, line_items: lineItems, charges: [{ payment_method: { type: "card", token_id: "tok_test_card_declined" } }] }),
    );
    expect(declined).toMatchObject({ status: 402, body: { type: "processing_error", details: [{ message: "The card was declined." }] } });
    const orders = (await t.conekta.orders.getOrders()).data.data;
    expect(orders.map((o) => o.payment_status)).toEqual(["declined", "paid"]);
    expect((await t.conekta.orders.getOrderById(paid.data.id ?? "")).data.id).toBe(paid.data.id);
    const unsupported = await conektaError(t.conekta.orders.createOrder({ currency: "MXN", customer_info: buyer, line_items: lineItems, tax_lines: [{ amount: 10, description: "IVA" }] }));
    expect(unsupported.body.details[0]?.param).toBe("tax_lines");
    const types = (await t.conekta.events.getEvents()).data.data?.map((e) => e.type).reverse();
    expect(types).toEqual([
      "order.created", "charge.created", "charge.paid", "order.paid",
      "order.created", "charge.created", "charge.declined", "order.declined",
    ]);
  });
});
