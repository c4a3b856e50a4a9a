import type { SandboxEngine } from "../engine";
import type { Obj } from "../http/router";
import { ConektaError } from "./errors";
import type { AccountModel } from "./models";
import type { Body } from "./params";
import { createConektaRouter } from "./routes";

// Conekta events produced through the same route handlers an SDK call reaches, in-process.

const router = createConektaRouter();

function call(engine: SandboxEngine, account: AccountModel, method: string, path: string, body: Body = {}): Obj {
  const match = router.match(method, path);
  if (!match) throw new Error(`No Conekta route ${method} ${path}`);
  return match.handler({ engine, account, body, query: new URLSearchParams(), path: match.path });
}

// A monthly plan without trial and a customer paying with `token`, subscribed to it.
function subscribe(engine: SandboxEngine, account: AccountModel, token = "tok_test_visa_4242"): { customer: string; subscription: string } {
  const plan = call(engine, account, "POST", "/plans", { name: "Triggered plan", amount: 19_900, currency: "MXN", interval: "month", frequency: 1 });
  const customer = call(engine, account, "POST", "/customers", {
    name: "Trigger Buyer", email: "trigger@example.com", phone: "5555555555", payment_sources: [{ type: "card", token_id: token }],
  });
  const sub = call(engine, account, "POST", `/customers/${String(customer.id)}/subscriptions`, { plan_id: plan.id });
  return { customer: String(customer.id), subscription: String(sub.id) };
}

function subscriptionAction(...actions: string[]) {
  return (engine: SandboxEngine, account: AccountModel) => {
    const { customer, subscription } = subscribe(engine, account);
    for (const action of actions) call(engine, account, "POST", `/customers/${customer}/subscriptions/${subscription}/${action}`);
  };
}

// A plan change (PUT …/subscriptions/:id): charged from the end of the current cycle.
function changePlan(engine: SandboxEngine, account: AccountModel): void {
  const { customer, subscription } = subscribe(engine, account);
  const plan = call(engine, account, "POST", "/plans", { name: "Triggered yearly plan", amount: 199_000, currency: "MXN", interval: "year", frequency: 1 });
  call(engine, account, "PUT", `/customers/${customer}/subscriptions/${subscription}`, { plan_id: plan.id });
}

// An order paid with a card: order.created, charge.created, charge.paid, order.paid.
function payOrder(engine: SandboxEngine, account: AccountModel): void {
  call(engine, account, "POST", "/orders", {
    currency: "MXN",
    customer_info: { name: "Trigger Buyer", email: "trigger@example.com", phone: "5555555555" },
    line_items: [{ name: "Triggered item", unit_price: 15_000, quantity: 1 }],
    charges: [{ payment_method: { type: "card", token_id: "tok_test_visa_4242" } }],
  });
}

export const CONEKTA_TRIGGERS: Record<string, (engine: SandboxEngine, account: AccountModel) => void> = {
  "subscription.created": (engine, account) => void subscribe(engine, account),
  "subscription.paid": (engine, account) => void subscribe(engine, account),
  "subscription.payment_failed": (engine, account) => void subscribe(engine, account, "tok_test_card_declined"),
  "subscription.canceled": subscriptionAction("cancel"),
  "subscription.paused": subscriptionAction("pause"),
  "subscription.resumed": subscriptionAction("pause", "resume"),
  "subscription.updated": changePlan,
  "order.paid": payOrder,
  "charge.paid": payOrder,
  // A ping to each active webhook, as POST /webhooks/:id/test sends.
  webhook_ping: (engine, account) => {
    const hooks = engine.conekta.list("webhook", account.id).filter((w) => w.active);
    if (hooks.length === 0) {
      throw new ConektaError(422, "parameter_validation_error", "The account has no active webhook to ping; create one first.", "conekta.errors.parameter_validation.webhook.missing");
    }
    for (const hook of hooks) call(engine, account, "POST", `/webhooks/${hook.id}/test`);
  },
};
