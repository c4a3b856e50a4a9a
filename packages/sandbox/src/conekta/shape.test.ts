import { afterAll, beforeAll, describe, expect, test } from "vitest";
import fixtures from "./fixtures/conekta-schemas.json";
import { startReceiver, startTestSandbox, within, type Receiver, type TestSandbox } from "../test-support";

// Every object the sandbox returns may carry only properties of its schema in Conekta's
// OpenAPI document, and must carry the schema's required ones (fixtures/conekta-schemas.json).
const schemas = fixtures.schemas as Record<string, { properties: string[]; required: string[] }>;

type Obj = Record<string, unknown>;
let t: TestSandbox;
let receiver: Receiver;
const samples: [schema: string, sample: Obj][] = [];

async function call(method: string, path: string, body?: unknown): Promise<Obj> {
  const res = await fetch(`${t.sandbox.conektaUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${t.conektaAccount.private_key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(500);
  return (await res.json()) as Obj;
}

const first = (list: unknown) => ((list as { data: Obj[] }).data[0] ?? {}) as Obj;

beforeAll(async () => {
  t = await startTestSandbox();
  receiver = await startReceiver();
  const webhook = await call("POST", "/webhooks", { url: receiver.url });
  samples.push(["webhook_response", webhook]);
  const key = await call("POST", "/webhook_keys", {});
  samples.push(["webhook_key_create_response", key], ["webhook_key_response", await call("GET", `/webhook_keys/${String(key.id)}`)]);
  const plan = await call("POST", "/plans", { name: "Gold", amount: 10_000, interval: "month", frequency: 1 });
  samples.push(["plan_response", plan]);
  const customer = await call("POST", "/customers", {
    name: "Ana", email: "ana@example.com", phone: "5512345678", plan_id: plan.id,
    payment_sources: [{ type: "card", token_id: "tok_test_visa_4242" }],
    fiscal_entities: [{ tax_id: "ABC010101AB1", address: { street1: "Calle 1", postal_code: "06600", city: "CDMX" } }],
  });
  samples.push(
    ["customer_response", customer],
    ["customer_payment_methods_response", customer.payment_sources as Obj],
    ["payment_method_card_response", first(customer.payment_sources)],
    ["customer_fiscal_entities_data_response", first(customer.fiscal_entities)],
    ["subscription_response_1", customer.subscription as Obj],
  );
  const order = await call("POST", "/orders", {
    currency: "MXN", customer_info: { customer_id: customer.id }, line_items: [{ name: "Gold", unit_price: 10_000, quantity: 1 }],
    checkout: { type: "HostedPayment", allowed_payment_methods: ["card"], plan_ids: [plan.id], success_url: "http://app.test/ok" },
  });
  // The subscription's first cycle was paid by a recurrent order with a charge.
  const paid = await call("GET", `/orders/${String((customer.subscription as Obj).last_billing_cycle_order_id)}`);
  const charge = first(paid.charges);
  samples.push(
    ["order_response", order],
    ["order_response", paid],
    ["order_response_checkout", order.checkout as Obj],
    ["order_response_customer_info", order.customer_info as Obj],
    ["product_order_response", first(order.line_items)],
    ["order_charges_response", paid.charges as Obj],
    ["charges_data_response", charge],
    ["payment_method_card", charge.payment_method as Obj],
  );
  await within(t.sandbox.delivery.idle(), 5_000, "delivery");
  const events = await call("GET", "/events");
  const event = first(events);
  samples.push(["get_events_response", events], ["event_response", event], ["WebhookLog", (event.webhook_logs as Obj[])[0] ?? {}]);
  samples.push(["events_resend_response", await call("POST", `/events/${String(event.id)}/resend`, { webhooks_ids: [webhook.id] })]);
  samples.push(["webhook_key_delete_response", await call("DELETE", `/webhook_keys/${String(key.id)}`)]);
  const token = await call("POST", "/tokens", { checkout: { returns_control_on: "Token" } });
  samples.push(["token_response", token], ["token_response_checkout", token.checkout as Obj]);
  samples.push(["token_response", await call("POST", "/tokens", { card: { name: "Ana", number: "4242424242424242", cvc: "123", exp_month: "12", exp_year: "34" } })]);
  const error = await call("GET", "/customers/cus_missing");
  samples.push(["error", error], ["details_error", (error.details as Obj[])[0] ?? {}]);
});

afterAll(async () => {
  await t.stop();
  await receiver.close();
});

describe("Conekta object shapes match the OpenAPI 2.3 schemas", () => {
  test("samples were collected for every schema in the fixture", () => {
    expect(new Set(samples.map(([schema]) => schema))).toEqual(new Set(Object.keys(schemas)));
  });

  test.each(Object.keys(schemas))("%s", (schema) => {
    const { properties, required } = schemas[schema] ?? { properties: [], required: [] };
    for (const [name, sample] of samples.filter(([s]) => s === schema)) {
      const keys = Object.keys(sample);
      expect(keys.filter((k) => !properties.includes(k)), `${name}: keys not in the schema`).toEqual([]);
      expect(required.filter((k) => !keys.includes(k)), `${name}: required keys missing`).toEqual([]);
    }
  });
});
