import { conektaId } from "../ids";
import type { ConektaContext, ConektaRouter } from "./api";
import { attachCard, type CardSpec } from "./cards";
import { invalidParam } from "./errors";
import { changedAttributes, emitEvent } from "./events";
import { addFiscalEntity, parseFiscalEntities } from "./fiscal-entities";
import { listResponse } from "./list";
import { getCustomer, getPlan } from "./lookup";
import type { CustomerModel } from "./models";
import { optBool, optInt, optObject, optString, reqString, type Body } from "./params";
import { parsePaymentSources } from "./payment-sources";
import { currentSubscription, renderCustomer } from "./render";
import { cancelSubscription, createSubscription } from "./subscription-state";

type Obj = Record<string, unknown>;

function email(body: Body, required: boolean): string | undefined {
  const value = required ? reqString(body, "email") : optString(body, "email");
  if (value !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) throw invalidParam("email", "The email is not valid.");
  return value;
}

// Scalars only: nested lists are not part of a customer's previous_attributes.
function scalars(customer: Obj): Obj {
  return Object.fromEntries(Object.entries(customer).filter(([, v]) => typeof v !== "object" || v === null));
}

/** Creates a customer with its cards and fiscal entities, then emits `customer.created` (also used by the hosted checkout). */
export function insertCustomer(
  ctx: Pick<ConektaContext, "engine" | "account">,
  fields: Pick<CustomerModel, "name" | "email" | "phone"> & Partial<Pick<CustomerModel, "corporate" | "custom_reference" | "metadata">>,
  cards: (CardSpec & { name?: string })[] = [],
  entities: ReturnType<typeof parseFiscalEntities> = [],
): CustomerModel {
  const { engine, account } = ctx;
  const customer = engine.conekta.insert("customer", account.id, {
    corporate: false,
    custom_reference: "",
    metadata: {},
    ...fields,
    id: conektaId("cus"),
    created_at: engine.now(),
    default_payment_source_id: null,
    default_fiscal_entity_id: null,
  });
  for (const card of cards) attachCard(engine, account.id, customer.id, card, customer.name);
  for (const entity of entities) addFiscalEntity(ctx, customer.id, entity);
  emitEvent(engine, account.id, "customer.created", renderCustomer(engine, account.id, customer));
  return customer;
}

// POST /customers — with cards (payment_sources), fiscal_entities and a plan (plan_id or subscription)
function createCustomer(ctx: ConektaContext): Obj {
  const { engine, account, body } = ctx;
  const entities = parseFiscalEntities(body);
  const subscription = optObject(body, "subscription");
  const planId = optString(body, "plan_id") ?? (subscription && reqString(subscription, "plan_id", "subscription.plan_id"));
  const plan = planId ? getPlan(ctx, planId) : undefined;
  const trialEnd = subscription ? optInt(subscription, "trial_end", "subscription.trial_end") : undefined;
  const fields = {
    name: reqString(body, "name"),
    email: email(body, true) ?? "",
    phone: reqString(body, "phone"),
    corporate: optBool(body, "corporate") ?? false,
    custom_reference: optString(body, "custom_reference") ?? "",
    metadata: optObject(body, "metadata") ?? {},
  };
  // Tokens are spent last, once the rest of the request is known to be valid.
  const cards = parsePaymentSources(ctx, body);
  const customer = insertCustomer(ctx, fields, cards, entities);
  if (plan) createSubscription(engine, account.id, customer, plan, { cardId: null, trialEnd });
  return renderCustomer(engine, account.id, customer);
}

// PUT /customers/:id — contact details, metadata, the default card
function updateCustomer(ctx: ConektaContext): Obj {
  const { engine, account, body } = ctx;
  const customer = getCustomer(ctx, ctx.path.id ?? "");
  const defaultSource = optString(body, "default_payment_source_id");
  if (defaultSource) {
    const card = engine.conekta.get("payment_source", defaultSource, account.id);
    if (card?.customer_id !== customer.id) throw invalidParam("default_payment_source_id", "The payment source does not belong to the customer.");
  }
  const before = renderCustomer(engine, account.id, customer);
  const next: Partial<CustomerModel> = {
    name: optString(body, "name"),
    email: email(body, false),
    phone: optString(body, "phone"),
    corporate: optBool(body, "corporate"),
    custom_reference: optString(body, "custom_reference"),
    metadata: optObject(body, "metadata"),
    default_payment_source_id: defaultSource,
  };
  for (const [key, value] of Object.entries(next)) if (value !== undefined) Object.assign(customer, { [key]: value });
  engine.conekta.touch();
  const after = renderCustomer(engine, account.id, customer);
  emitEvent(engine, account.id, "customer.updated", after, changedAttributes(scalars(before), scalars(after)));
  return after;
}

// DELETE /customers/:id — cancels its subscription and removes its cards and fiscal entities
function deleteCustomer(ctx: ConektaContext): Obj {
  const { engine, account } = ctx;
  const customer = getCustomer(ctx, ctx.path.id ?? "");
  const sub = currentSubscription(engine, account.id, customer.id);
  if (sub) cancelSubscription(engine, account.id, sub, "customer_deleted");
  const rendered = renderCustomer(engine, account.id, customer);
  for (const kind of ["payment_source", "fiscal_entity"] as const) {
    for (const item of engine.conekta.list(kind, account.id)) if (item.customer_id === customer.id) engine.conekta.remove(item.id, account.id);
  }
  engine.conekta.remove(customer.id, account.id);
  emitEvent(engine, account.id, "customer.deleted", rendered);
  return rendered;
}

export function registerCustomers(router: ConektaRouter): void {
  router
    .add("POST", "/customers", createCustomer)
    .add("GET", "/customers", ({ engine, account, query }) => {
      const items = engine.conekta.list("customer", account.id).map((c) => renderCustomer(engine, account.id, c));
      return listResponse(engine, items, query, "/customers");
    })
    .add("GET", "/customers/:id", (ctx) => renderCustomer(ctx.engine, ctx.account.id, getCustomer(ctx, ctx.path.id ?? "")))
    .add("PUT", "/customers/:id", updateCustomer)
    .add("DELETE", "/customers/:id", deleteCustomer);
}
