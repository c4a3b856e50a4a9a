import { previousAttributes } from "../engine";
import { invalidParam, missingResource } from "../http/errors";
import { applyMetadata, optInt, optString, rejectUnknown } from "../http/params";
import type { ApiContext, Obj, Router } from "../http/router";
import { randomToken } from "../ids";
import "./models-extra";
import type { CouponModel, TaxRateModel } from "./models-extra";
import { applyExpand, listResponse } from "./render";

// Coupons and tax rates: catalog objects with their created/updated/deleted events. Applying a
// coupon to a customer (`coupon` on customers) or promotion codes' `coupon` param are gone from
// API 2026-10-28, and the sandbox refuses them as unknown, as Stripe does.

const DURATIONS = ["once", "repeating", "forever"];

export function renderCoupon(c: CouponModel): Obj {
  return {
    id: c.id,
    object: "coupon",
    amount_off: c.amount_off,
    created: c.created,
    currency: c.currency,
    duration: c.duration,
    duration_in_months: c.duration_in_months,
    livemode: false,
    max_redemptions: c.max_redemptions,
    metadata: c.metadata,
    name: c.name,
    percent_off: c.percent_off,
    redeem_by: c.redeem_by,
    times_redeemed: 0,
    valid: true,
  };
}

export function renderTaxRate(t: TaxRateModel): Obj {
  return {
    id: t.id,
    object: "tax_rate",
    active: t.active,
    country: t.country,
    created: t.created,
    description: t.description,
    display_name: t.display_name,
    effective_percentage: t.percentage,
    flat_amount: null,
    inclusive: t.inclusive,
    jurisdiction: t.jurisdiction,
    jurisdiction_level: null,
    livemode: false,
    metadata: t.metadata,
    percentage: t.percentage,
    rate_type: "percentage",
    state: t.state,
    tax_type: t.tax_type,
  };
}

function getCoupon({ engine, scope }: ApiContext, id: string): CouponModel {
  const coupon = engine.store.get("coupon", id, scope);
  if (!coupon) throw missingResource("coupon", id, "coupon");
  return coupon;
}

function getTaxRate({ engine, scope }: ApiContext, id: string): TaxRateModel {
  const rate = engine.store.get("tax_rate", id, scope);
  if (!rate) throw missingResource("tax_rate", id, "tax_rate");
  return rate;
}

function createCoupon(ctx: ApiContext): Obj {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, ["id", "percent_off", "amount_off", "currency", "duration", "duration_in_months", "max_redemptions", "name", "redeem_by", "metadata", "expand"]);
  const percent = params.percent_off === undefined ? null : Number(params.percent_off);
  const amountOff = optInt(params, "amount_off") ?? null;
  if (percent === null && amountOff === null) throw invalidParam("percent_off", "Must provide either `percent_off` or `amount_off`.");
  if (percent !== null && amountOff !== null) throw invalidParam("percent_off", "Coupons cannot have both `percent_off` and `amount_off`.");
  if (percent !== null && !(percent > 0 && percent <= 100)) throw invalidParam("percent_off", "Invalid percent_off: must be greater than 0 and at most 100");
  const currency = optString(params, "currency")?.toLowerCase() ?? null;
  if (amountOff !== null && !currency) throw invalidParam("currency", "You must pass currency when passing amount_off.");
  const duration = optString(params, "duration") ?? "once";
  if (!DURATIONS.includes(duration)) throw invalidParam("duration", "Invalid duration: must be one of forever, once, or repeating");
  const months = optInt(params, "duration_in_months") ?? null;
  if (duration === "repeating" && months === null) throw invalidParam("duration_in_months", "You must pass duration_in_months when duration is repeating.");
  const id = optString(params, "id") ?? randomToken(8).toUpperCase();
  if (engine.store.kindOf(id)) throw invalidParam("id", "Coupon already exists.");
  const coupon = engine.store.insert("coupon", scope, {
    id,
    created: engine.now(),
    amount_off: amountOff,
    currency,
    percent_off: percent,
    duration: duration as CouponModel["duration"],
    duration_in_months: duration === "repeating" ? months : null,
    max_redemptions: optInt(params, "max_redemptions") ?? null,
    redeem_by: optInt(params, "redeem_by") ?? null,
    name: optString(params, "name") ?? null,
    metadata: applyMetadata({}, params),
  });
  engine.emit(scope, "coupon.created", renderCoupon(coupon));
  return applyExpand(engine, renderCoupon(coupon), params, scope);
}

function createTaxRate(ctx: ApiContext): Obj {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, ["display_name", "inclusive", "percentage", "active", "country", "description", "jurisdiction", "state", "tax_type", "metadata", "expand"]);
  const displayName = optString(params, "display_name");
  if (!displayName) throw invalidParam("display_name", "Missing required param: display_name.");
  if (params.inclusive === undefined) throw invalidParam("inclusive", "Missing required param: inclusive.");
  const percentage = Number(params.percentage);
  if (params.percentage === undefined || !Number.isFinite(percentage) || percentage < 0 || percentage > 100) {
    throw invalidParam("percentage", "Invalid percentage: must be between 0 and 100");
  }
  const rate = engine.store.insert("tax_rate", scope, {
    id: `txr_${randomToken(24)}`,
    created: engine.now(),
    active: params.active === undefined ? true : String(params.active) === "true",
    display_name: displayName,
    description: optString(params, "description") ?? null,
    inclusive: String(params.inclusive) === "true",
    percentage,
    country: optString(params, "country") ?? null,
    state: optString(params, "state") ?? null,
    jurisdiction: optString(params, "jurisdiction") ?? null,
    tax_type: optString(params, "tax_type") ?? null,
    metadata: applyMetadata({}, params),
  });
  engine.emit(scope, "tax_rate.created", renderTaxRate(rate));
  return applyExpand(engine, renderTaxRate(rate), params, scope);
}

export function registerCoupons(router: Router): void {
  router
    .add("POST", "/v1/coupons", createCoupon)
    .add("GET", "/v1/coupons", ({ engine, params, scope }) =>
      listResponse(engine, engine.store.list("coupon", scope).map(renderCoupon), params, "/v1/coupons", scope))
    .add("GET", "/v1/coupons/:id", (ctx) => applyExpand(ctx.engine, renderCoupon(getCoupon(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope))
    .add("POST", "/v1/coupons/:id", (ctx) => {
      rejectUnknown(ctx.params, ["name", "metadata", "expand"]);
      const coupon = getCoupon(ctx, ctx.path.id ?? "");
      const before = renderCoupon(coupon);
      coupon.name = optString(ctx.params, "name") ?? coupon.name;
      coupon.metadata = applyMetadata(coupon.metadata, ctx.params);
      ctx.engine.store.touch();
      const previous = previousAttributes(before, renderCoupon(coupon));
      if (previous) ctx.engine.emit(ctx.scope, "coupon.updated", renderCoupon(coupon), previous);
      return applyExpand(ctx.engine, renderCoupon(coupon), ctx.params, ctx.scope);
    })
    .add("DELETE", "/v1/coupons/:id", (ctx) => {
      const coupon = getCoupon(ctx, ctx.path.id ?? "");
      ctx.engine.store.remove(coupon.id);
      ctx.engine.emit(ctx.scope, "coupon.deleted", renderCoupon(coupon));
      return { id: coupon.id, object: "coupon", deleted: true };
    });
}

export function registerTaxRates(router: Router): void {
  router
    .add("POST", "/v1/tax_rates", createTaxRate)
    .add("GET", "/v1/tax_rates", ({ engine, params, scope }) =>
      listResponse(engine, engine.store.list("tax_rate", scope).map(renderTaxRate), params, "/v1/tax_rates", scope))
    .add("GET", "/v1/tax_rates/:id", (ctx) => applyExpand(ctx.engine, renderTaxRate(getTaxRate(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope))
    .add("POST", "/v1/tax_rates/:id", (ctx) => {
      rejectUnknown(ctx.params, ["active", "country", "description", "display_name", "jurisdiction", "state", "tax_type", "metadata", "expand"]);
      const rate = getTaxRate(ctx, ctx.path.id ?? "");
      const before = renderTaxRate(rate);
      if (ctx.params.active !== undefined) rate.active = String(ctx.params.active) === "true";
      for (const key of ["country", "description", "jurisdiction", "state", "tax_type"] as const) {
        const value = optString(ctx.params, key);
        if (value !== undefined) rate[key] = value;
      }
      rate.display_name = optString(ctx.params, "display_name") ?? rate.display_name;
      rate.metadata = applyMetadata(rate.metadata, ctx.params);
      ctx.engine.store.touch();
      const previous = previousAttributes(before, renderTaxRate(rate));
      if (previous) ctx.engine.emit(ctx.scope, "tax_rate.updated", renderTaxRate(rate), previous);
      return applyExpand(ctx.engine, renderTaxRate(rate), ctx.params, ctx.scope);
    });
}
