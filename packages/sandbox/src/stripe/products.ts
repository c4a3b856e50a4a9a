import { previousAttributes } from "../engine";
import { invalidParam, missingParam, missingResource } from "../http/errors";
import { applyMetadata, optBool, optInt, optNullableString, optObject, optString, rejectUnknown, reqString } from "../http/params";
import type { ApiContext, Obj, Router } from "../http/router";
import { newId } from "../ids";
import type { PriceModel, ProductModel, Recurring } from "./models";
import { applyExpand, listResponse } from "./render";
import { renderPrice, renderProduct } from "./render-core";

const INTERVALS = ["day", "week", "month", "year"] as const;

function getProduct({ engine, scope }: ApiContext, id: string): ProductModel {
  const product = engine.store.get("product", id, scope);
  if (!product) throw missingResource("product", id, "product");
  return product;
}

function getPrice({ engine, scope }: ApiContext, id: string): PriceModel {
  const price = engine.store.get("price", id, scope);
  if (!price) throw missingResource("price", id, "price");
  return price;
}

function parseRecurring(raw: ReturnType<typeof optObject>): Recurring | null {
  if (!raw) return null;
  rejectUnknown(raw, ["interval", "interval_count", "trial_period_days", "usage_type"], "recurring");
  const interval = reqString(raw, "interval");
  if (!(INTERVALS as readonly string[]).includes(interval)) {
    throw invalidParam("recurring[interval]", "Invalid recurring[interval]: must be one of day, week, month, or year");
  }
  return {
    interval: interval as Recurring["interval"],
    interval_count: optInt(raw, "interval_count") ?? 1,
    trial_period_days: optInt(raw, "trial_period_days") ?? null,
  };
}

function createPriceModel(ctx: ApiContext, product: string, params: Parameters<typeof optString>[0]): PriceModel {
  const amount = optInt(params, "unit_amount");
  if (amount === undefined) throw missingParam("unit_amount");
  if (amount < 0) throw invalidParam("unit_amount", "Invalid unit_amount: must be non-negative.");
  const behavior = optString(params, "tax_behavior") ?? "unspecified";
  if (!["exclusive", "inclusive", "unspecified"].includes(behavior)) throw invalidParam("tax_behavior", "Invalid tax_behavior");
  const price = ctx.engine.store.insert("price", ctx.scope, {
    id: newId("price"),
    created: ctx.engine.now(),
    active: optBool(params, "active") ?? true,
    currency: reqString(params, "currency").toLowerCase(),
    product,
    unit_amount: amount,
    recurring: parseRecurring(optObject(params, "recurring")),
    nickname: optString(params, "nickname") ?? null,
    lookup_key: optString(params, "lookup_key") ?? null,
    tax_behavior: behavior as PriceModel["tax_behavior"],
    metadata: applyMetadata({}, params),
  });
  ctx.engine.emit(ctx.scope, "price.created", renderPrice(price));
  return price;
}

// `*.updated` carries the changed fields' old values; a no-op update emits nothing, like Stripe.
function emitChange(ctx: ApiContext, type: string, before: Obj, after: Obj): void {
  const previous = previousAttributes(before, after);
  if (previous) ctx.engine.emit(ctx.scope, type, after, previous);
}

/** Creates a product and emits `product.created` (also used by inline `product[name]` on plans). */
export function createProductModel(
  ctx: ApiContext,
  fields: { name: string; id?: string; description?: string | null; active?: boolean; tax_code?: string | null; metadata: ProductModel["metadata"] },
): ProductModel {
  const { engine, scope } = ctx;
  const now = engine.now();
  const id = fields.id ?? newId("prod");
  if (engine.store.kindOf(id)) throw invalidParam("id", `Product already exists.`);
  const product = engine.store.insert("product", scope, {
    id,
    created: now,
    updated: now,
    active: fields.active ?? true,
    name: fields.name,
    description: fields.description ?? null,
    default_price: null,
    tax_code: fields.tax_code ?? null,
    metadata: fields.metadata,
  });
  engine.emit(scope, "product.created", renderProduct(product));
  return product;
}

function createProduct(ctx: ApiContext): Obj {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, ["name", "description", "active", "metadata", "tax_code", "default_price_data", "id", "expand"]);
  const product = createProductModel(ctx, {
    name: reqString(params, "name"),
    id: optString(params, "id"),
    description: optString(params, "description"),
    active: optBool(params, "active"),
    tax_code: optString(params, "tax_code"),
    metadata: applyMetadata({}, params),
  });
  const priceData = optObject(params, "default_price_data");
  if (priceData) {
    const previous = renderProduct(product);
    product.default_price = createPriceModel(ctx, product.id, priceData).id;
    engine.store.touch();
    emitChange(ctx, "product.updated", previous, renderProduct(product));
  }
  return applyExpand(engine, renderProduct(product), params, scope);
}

function updateProduct(ctx: ApiContext): Obj {
  const { engine, params } = ctx;
  rejectUnknown(params, ["name", "description", "active", "metadata", "default_price", "tax_code", "expand"]);
  const product = getProduct(ctx, ctx.path.id ?? "");
  const before = renderProduct(product);
  product.name = optString(params, "name") ?? product.name;
  const description = optNullableString(params, "description");
  if (description !== undefined) product.description = description;
  product.active = optBool(params, "active") ?? product.active;
  const defaultPrice = optString(params, "default_price");
  if (defaultPrice) product.default_price = getPrice(ctx, defaultPrice).id;
  product.metadata = applyMetadata(product.metadata, params);
  product.updated = engine.now();
  engine.store.touch();
  emitChange(ctx, "product.updated", before, renderProduct(product));
  return applyExpand(engine, renderProduct(product), params, ctx.scope);
}

export function registerCatalog(router: Router): void {
  router
    .add("POST", "/v1/products", createProduct)
    .add("GET", "/v1/products", ({ engine, params, scope }) => {
      const active = optBool(params, "active");
      const items = engine.store.list("product", scope).filter((p) => active === undefined || p.active === active);
      return listResponse(engine, items.map(renderProduct), params, "/v1/products", scope);
    })
    .add("GET", "/v1/products/:id", (ctx) => applyExpand(ctx.engine, renderProduct(getProduct(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope))
    .add("POST", "/v1/products/:id", updateProduct)
    .add("DELETE", "/v1/products/:id", (ctx) => {
      const product = getProduct(ctx, ctx.path.id ?? "");
      if (ctx.engine.store.list("price", ctx.scope).some((p) => p.product === product.id)) {
        throw invalidParam("id", "This product cannot be deleted because it has one or more user-created prices.");
      }
      ctx.engine.store.remove(product.id);
      ctx.engine.emit(ctx.scope, "product.deleted", renderProduct(product));
      return { id: product.id, object: "product", deleted: true };
    })
    .add("POST", "/v1/prices", (ctx) => {
      rejectUnknown(ctx.params, ["currency", "unit_amount", "product", "recurring", "nickname", "lookup_key", "tax_behavior", "active", "metadata", "expand"]);
      const product = getProduct(ctx, reqString(ctx.params, "product"));
      return applyExpand(ctx.engine, renderPrice(createPriceModel(ctx, product.id, ctx.params)), ctx.params, ctx.scope);
    })
    .add("GET", "/v1/prices", ({ engine, params, scope }) => {
      const product = optString(params, "product");
      const active = optBool(params, "active");
      const type = optString(params, "type");
      const lookupKeys = params.lookup_keys;
      const items = engine.store.list("price", scope).filter(
        (p) =>
          (!product || p.product === product) &&
          (active === undefined || p.active === active) &&
          (!type || (type === "recurring") === (p.recurring !== null)) &&
          (!Array.isArray(lookupKeys) || lookupKeys.includes(p.lookup_key ?? "")),
      );
      return listResponse(engine, items.map(renderPrice), params, "/v1/prices", scope);
    })
    .add("GET", "/v1/prices/:id", (ctx) => applyExpand(ctx.engine, renderPrice(getPrice(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope))
    .add("POST", "/v1/prices/:id", (ctx) => {
      rejectUnknown(ctx.params, ["active", "metadata", "nickname", "lookup_key", "expand"]);
      const price = getPrice(ctx, ctx.path.id ?? "");
      const before = renderPrice(price);
      price.active = optBool(ctx.params, "active") ?? price.active;
      price.nickname = optString(ctx.params, "nickname") ?? price.nickname;
      price.lookup_key = optString(ctx.params, "lookup_key") ?? price.lookup_key;
      price.metadata = applyMetadata(price.metadata, ctx.params);
      ctx.engine.store.touch();
      emitChange(ctx, "price.updated", before, renderPrice(price));
      return applyExpand(ctx.engine, renderPrice(price), ctx.params, ctx.scope);
    });
}
