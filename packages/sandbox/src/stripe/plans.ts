import { invalidParam, missingResource } from "../http/errors";
import { applyMetadata, optBool, optInt, optObject, optString, rejectUnknown, reqString } from "../http/params";
import type { ApiContext, Obj, Router } from "../http/router";
import { newId } from "../ids";
import type { PriceModel, Recurring } from "./models";
import { createProductModel } from "./products";
import { applyExpand, listResponse } from "./render";
import { renderPlan, renderPrice } from "./render-core";
import { previousAttributes } from "../engine";

// Plans: the older name of recurring prices. A plan *is* a price (same id, same store record),
// so `items[][plan]` and `items[][price]` reach the same object; each write emits the plan.* event
// and the matching price.* event, as Stripe does.

const INTERVALS = ["day", "week", "month", "year"];

function getPlan({ engine, scope }: ApiContext, id: string): PriceModel {
  const price = engine.store.get("price", id, scope);
  if (!price?.recurring || price.plan_deleted) throw missingResource("plan", id, "plan");
  return price;
}

function productOf(ctx: ApiContext): string {
  const inline = optObject(ctx.params, "product");
  if (inline) {
    rejectUnknown(inline, ["name", "active", "metadata", "statement_descriptor", "tax_code", "unit_label", "id"], "product");
    return createProductModel(ctx, { name: reqString(inline, "name"), id: optString(inline, "id"), metadata: applyMetadata({}, inline) }).id;
  }
  const id = reqString(ctx.params, "product");
  if (!ctx.engine.store.get("product", id, ctx.scope)) throw missingResource("product", id, "product");
  return id;
}

function createPlan(ctx: ApiContext): Obj {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, ["currency", "interval", "amount", "product", "id", "nickname", "interval_count", "trial_period_days", "metadata", "active", "usage_type", "billing_scheme", "expand"]);
  const interval = reqString(params, "interval");
  if (!INTERVALS.includes(interval)) throw invalidParam("interval", "Invalid interval: must be one of day, week, month, or year");
  if ((optString(params, "usage_type") ?? "licensed") !== "licensed") throw invalidParam("usage_type", "The sandbox supports licensed plans only.");
  if ((optString(params, "billing_scheme") ?? "per_unit") !== "per_unit") throw invalidParam("billing_scheme", "The sandbox supports per_unit plans only.");
  const amount = optInt(params, "amount");
  if (amount === undefined) throw invalidParam("amount", "Plans require an `amount` parameter to be set when `billing_scheme=per_unit`.");
  const id = optString(params, "id") ?? newId("price");
  if (engine.store.kindOf(id)) throw invalidParam("id", "Plan already exists.");
  const currency = reqString(params, "currency").toLowerCase();
  const product = productOf(ctx);
  const recurring: Recurring = {
    interval: interval as Recurring["interval"],
    interval_count: optInt(params, "interval_count") ?? 1,
    trial_period_days: optInt(params, "trial_period_days") ?? null,
  };
  const price = engine.store.insert("price", scope, {
    id,
    created: engine.now(),
    active: optBool(params, "active") ?? true,
    currency,
    product,
    unit_amount: amount,
    recurring,
    nickname: optString(params, "nickname") ?? null,
    lookup_key: null,
    tax_behavior: "unspecified",
    metadata: applyMetadata({}, params),
  });
  engine.emit(scope, "plan.created", renderPlan(price));
  engine.emit(scope, "price.created", renderPrice(price));
  return applyExpand(engine, renderPlan(price), params, scope);
}

function updatePlan(ctx: ApiContext): Obj {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, ["active", "metadata", "nickname", "trial_period_days", "product", "expand"]);
  const price = getPlan(ctx, ctx.path.id ?? "");
  const beforePlan = renderPlan(price);
  const beforePrice = renderPrice(price);
  price.active = optBool(params, "active") ?? price.active;
  price.nickname = optString(params, "nickname") ?? price.nickname;
  const trial = optInt(params, "trial_period_days");
  if (trial !== undefined && price.recurring) price.recurring.trial_period_days = trial;
  price.metadata = applyMetadata(price.metadata, params);
  engine.store.touch();
  const planChange = previousAttributes(beforePlan, renderPlan(price));
  if (planChange) engine.emit(scope, "plan.updated", renderPlan(price), planChange);
  const priceChange = previousAttributes(beforePrice, renderPrice(price));
  if (priceChange) engine.emit(scope, "price.updated", renderPrice(price), priceChange);
  return applyExpand(engine, renderPlan(price), params, scope);
}

export function registerPlans(router: Router): void {
  router
    .add("POST", "/v1/plans", createPlan)
    .add("GET", "/v1/plans", ({ engine, params, scope }) => {
      const product = optString(params, "product");
      const items = engine.store.list("price", scope).filter((p) => p.recurring && !p.plan_deleted && (!product || p.product === product));
      return listResponse(engine, items.map(renderPlan), params, "/v1/plans", scope);
    })
    .add("GET", "/v1/plans/:id", (ctx) => applyExpand(ctx.engine, renderPlan(getPlan(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope))
    .add("POST", "/v1/plans/:id", updatePlan)
    .add("DELETE", "/v1/plans/:id", (ctx) => {
      const price = getPlan(ctx, ctx.path.id ?? "");
      price.plan_deleted = true;
      price.active = false;
      ctx.engine.store.touch();
      ctx.engine.emit(ctx.scope, "plan.deleted", renderPlan(price));
      ctx.engine.emit(ctx.scope, "price.deleted", renderPrice(price));
      return { id: price.id, object: "plan", deleted: true };
    });
}
