import { previousAttributes, type SandboxEngine } from "../engine";
import { invalidParam, missingResource, unknownParam } from "../http/errors";
import "./models-augment";
import type { Params } from "../http/form";
import { applyMetadata, optNullableString, optObject, optString, rejectUnknown, reqString } from "../http/params";
import type { ApiContext, Obj, Router } from "../http/router";
import { newId, randomToken } from "../ids";
import type { CustomerModel, TaxIdModel } from "./models";
import { applyExpand, listResponse } from "./render";
import { renderCustomer, renderTaxId } from "./render-core";
import { searchResult } from "./search";
import { testCardNumber } from "./payments";
import { attachPaymentMethod, resolvePaymentMethod } from "./payment-methods";

// `test_clock` is accepted on create only, as Stripe does.
function bindTestClock(ctx: ApiContext): string | null {
  const id = optString(ctx.params, "test_clock");
  if (!id) return null;
  if (!ctx.engine.store.get("test_clock", id, ctx.scope)) throw missingResource("test_clock", id, "test_clock");
  return id;
}

/** Creates a customer and emits `customer.created` (also used by Checkout). */
export function createCustomerModel(
  engine: SandboxEngine,
  scope: string,
  fields: Partial<Pick<CustomerModel, "email" | "name" | "description" | "phone" | "address" | "metadata" | "test_clock">>,
): CustomerModel {
  const customer = engine.store.insert("customer", scope, {
    id: newId("cus"),
    created: engine.now(),
    email: fields.email ?? null,
    name: fields.name ?? null,
    description: fields.description ?? null,
    phone: fields.phone ?? null,
    address: fields.address ?? null,
    metadata: fields.metadata ?? {},
    invoice_prefix: randomToken(8).toUpperCase(),
    next_invoice_sequence: 1,
    delinquent: false,
    currency: null,
    default_payment_method: null,
    deleted: false,
    test_clock: fields.test_clock ?? null,
  });
  engine.emit(scope, "customer.created", renderCustomer(customer));
  return customer;
}

/** The single writer for customers after creation: emits `customer.updated` with the diff. */
export function updateCustomer(engine: SandboxEngine, scope: string, customer: CustomerModel, mutate: (c: CustomerModel) => void): void {
  const before = renderCustomer(customer);
  mutate(customer);
  engine.store.touch();
  const after = renderCustomer(customer);
  const previous = previousAttributes(before, after);
  if (previous) engine.emit(scope, "customer.updated", after, previous);
}

export function createTaxIdModel(engine: SandboxEngine, scope: string, customer: string, type: string, value: string): TaxIdModel {
  const taxId = engine.store.insert("tax_id", scope, {
    id: newId("txi"),
    created: engine.now(),
    customer,
    type,
    value,
    // EU VAT numbers carry their member state as a prefix (DE123…); other types name the country.
    country: type === "eu_vat" ? value.slice(0, 2).toUpperCase() : (type.split("_")[0] ?? "").toUpperCase() || null,
  });
  engine.emit(scope, "customer.tax_id.created", renderTaxId(taxId));
  return taxId;
}

/** A customer of this scope that exists and is not deleted, or Stripe's `resource_missing`. */
export function getCustomer({ engine, scope }: Pick<ApiContext, "engine" | "scope">, id: string): CustomerModel {
  const customer = engine.store.get("customer", id, scope);
  if (!customer || customer.deleted) throw missingResource("customer", id, "customer");
  return customer;
}

function parseAddress(params: Params): CustomerModel["address"] | undefined {
  const address = optObject(params, "address");
  if (!address) return undefined;
  return { country: optString(address, "country") ?? null, postal_code: optString(address, "postal_code") ?? null };
}

const CUSTOMER_FIELDS = ["email", "name", "description", "phone", "address", "metadata", "expand", "payment_method", "invoice_settings", "preferred_locales", "tax_id_data", "test_clock", "source"];

/**
 * `payment_method` (create only) attaches a payment method; the legacy `source` token becomes a
 * card payment method that is also the invoice default; `invoice_settings[default_payment_method]`
 * must name one attached to the customer (a test id such as `pm_card_visa` names the one just
 * attached from the same test id).
 */
function applyPaymentSettings(ctx: ApiContext, customer: CustomerModel, onCreate: boolean): string | undefined {
  const { engine, params, scope } = ctx;
  const attached = new Map<string, string>();
  const pmId = optString(params, "payment_method");
  if (pmId !== undefined) {
    if (!onCreate) throw unknownParam("payment_method");
    attached.set(pmId, attachPaymentMethod(engine, scope, resolvePaymentMethod(engine, scope, pmId), customer.id).id);
  }
  const source = optString(params, "source");
  let defaultPm: string | undefined;
  if (source !== undefined) {
    if (!testCardNumber(source)) throw invalidParam("source", `No such token: '${source}'`);
    defaultPm = attachPaymentMethod(engine, scope, resolvePaymentMethod(engine, scope, source, "source"), customer.id).id;
  }
  const settings = optObject(params, "invoice_settings");
  if (settings) {
    rejectUnknown(settings, ["default_payment_method", "custom_fields", "footer", "rendering_options"], "invoice_settings");
    const wanted = optString(settings, "default_payment_method");
    if (wanted) {
      const id = attached.get(wanted) ?? wanted;
      const pm = engine.store.get("payment_method", id, scope);
      if (!pm) throw missingResource("payment_method", wanted, "invoice_settings[default_payment_method]");
      if (pm.customer !== customer.id) {
        throw invalidParam("invoice_settings[default_payment_method]", `The customer does not have a payment method with the ID ${wanted}. The payment method must be attached to the customer.`);
      }
      defaultPm = pm.id;
    }
  }
  return defaultPm;
}

// A customer bound to a test clock is created, with its cards and tax ids, at the clock's time.
function createCustomer(ctx: ApiContext): Obj {
  rejectUnknown(ctx.params, CUSTOMER_FIELDS);
  const testClock = bindTestClock(ctx);
  const frozenTime = testClock ? ctx.engine.store.peek("test_clock", testClock)?.frozen_time ?? null : null;
  return ctx.engine.atTime(frozenTime, () => createCustomerOn(ctx, testClock));
}

function createCustomerOn(ctx: ApiContext, testClock: string | null): Obj {
  const { engine, params, scope } = ctx;
  const customer = createCustomerModel(engine, scope, {
    email: optString(params, "email") ?? null,
    name: optString(params, "name") ?? null,
    description: optString(params, "description") ?? null,
    phone: optString(params, "phone") ?? null,
    address: parseAddress(params) ?? null,
    metadata: applyMetadata({}, params),
    test_clock: testClock,
  });
  const defaultPm = applyPaymentSettings(ctx, customer, true);
  if (defaultPm) updateCustomer(engine, scope, customer, (c) => (c.default_payment_method = defaultPm));
  const taxIds = params.tax_id_data;
  if (Array.isArray(taxIds)) {
    for (const entry of taxIds) {
      if (typeof entry === "string" || Array.isArray(entry)) throw invalidParam("tax_id_data", "Invalid tax_id_data");
      createTaxIdModel(engine, scope, customer.id, reqString(entry, "type"), reqString(entry, "value"));
    }
  }
  return applyExpand(engine, renderCustomer(customer), params, scope);
}

function updateCustomerRoute(ctx: ApiContext): Obj {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, CUSTOMER_FIELDS);
  if (params.test_clock !== undefined) throw unknownParam("test_clock");
  const customer = getCustomer(ctx, ctx.path.id ?? "");
  const defaultPm = applyPaymentSettings(ctx, customer, false);
  updateCustomer(engine, scope, customer, (c) => {
    if (defaultPm) c.default_payment_method = defaultPm;
    for (const key of ["email", "name", "description", "phone"] as const) {
      const value = optNullableString(params, key);
      if (value !== undefined) c[key] = value;
    }
    c.address = parseAddress(params) ?? c.address;
    c.metadata = applyMetadata(c.metadata, params);
  });
  return applyExpand(engine, renderCustomer(customer), params, scope);
}

export function registerCustomers(router: Router): void {
  router
    .add("POST", "/v1/customers", createCustomer)
    .add("GET", "/v1/customers", ({ engine, params, scope }) => {
      const email = optString(params, "email");
      const items = engine.store.list("customer", scope).filter((c) => !c.deleted && (!email || c.email === email));
      return listResponse(engine, items.map(renderCustomer), params, "/v1/customers", scope);
    })
    // Before `/v1/customers/:id`, which would take "search" for an id.
    .add("GET", "/v1/customers/search", ({ engine, params, scope }) => {
      rejectUnknown(params, ["query", "limit", "page", "expand"]);
      const items = engine.store.list("customer", scope).filter((c) => !c.deleted).map(renderCustomer);
      return applyExpand(engine, searchResult(items, params, "/v1/customers/search"), params, scope);
    })
    .add("GET", "/v1/customers/:id", (ctx) => {
      const customer = ctx.engine.store.get("customer", ctx.path.id ?? "", ctx.scope);
      if (!customer) throw missingResource("customer", ctx.path.id ?? "", "customer");
      // Stripe still answers for deleted customers, with a tombstone.
      if (customer.deleted) return { id: customer.id, object: "customer", deleted: true };
      return applyExpand(ctx.engine, renderCustomer(customer), ctx.params, ctx.scope);
    })
    .add("POST", "/v1/customers/:id", updateCustomerRoute)
    .add("DELETE", "/v1/customers/:id", (ctx) => {
      const customer = getCustomer(ctx, ctx.path.id ?? "");
      const snapshot = renderCustomer(customer);
      customer.deleted = true;
      ctx.engine.store.touch();
      ctx.engine.emit(ctx.scope, "customer.deleted", snapshot);
      return { id: customer.id, object: "customer", deleted: true };
    })
    .add("POST", "/v1/customers/:id/tax_ids", (ctx) => {
      rejectUnknown(ctx.params, ["type", "value", "expand"]);
      const customer = getCustomer(ctx, ctx.path.id ?? "");
      const taxId = createTaxIdModel(ctx.engine, ctx.scope, customer.id, reqString(ctx.params, "type"), reqString(ctx.params, "value"));
      return applyExpand(ctx.engine, renderTaxId(taxId), ctx.params, ctx.scope);
    })
    .add("GET", "/v1/customers/:id/tax_ids", (ctx) => {
      const customer = getCustomer(ctx, ctx.path.id ?? "");
      const items = ctx.engine.store.list("tax_id", ctx.scope).filter((t) => t.customer === customer.id);
      return listResponse(ctx.engine, items.map(renderTaxId), ctx.params, `/v1/customers/${customer.id}/tax_ids`, ctx.scope);
    })
    .add("GET", "/v1/customers/:id/tax_ids/:tax_id", (ctx) => {
      const taxId = ctx.engine.store.get("tax_id", ctx.path.tax_id ?? "", ctx.scope);
      if (!taxId || taxId.customer !== ctx.path.id) throw missingResource("tax_id", ctx.path.tax_id ?? "", "id");
      return applyExpand(ctx.engine, renderTaxId(taxId), ctx.params, ctx.scope);
    })
    .add("DELETE", "/v1/customers/:id/tax_ids/:tax_id", (ctx) => {
      const taxId = ctx.engine.store.get("tax_id", ctx.path.tax_id ?? "", ctx.scope);
      if (!taxId || taxId.customer !== ctx.path.id) throw missingResource("tax_id", ctx.path.tax_id ?? "", "id");
      ctx.engine.store.remove(taxId.id);
      ctx.engine.emit(ctx.scope, "customer.tax_id.deleted", renderTaxId(taxId));
      return { id: taxId.id, object: "tax_id", deleted: true };
    });
}
