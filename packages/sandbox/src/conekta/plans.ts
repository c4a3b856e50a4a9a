import { conektaId } from "../ids";
import type { ConektaContext, ConektaRouter } from "./api";
import { invalidParam } from "./errors";
import { changedAttributes, emitEvent } from "./events";
import { listResponse } from "./list";
import { getPlan } from "./lookup";
import type { PlanInterval, PlanModel } from "./models";
import { optInt, optString, reqInt, reqString, type Body } from "./params";
import { renderPlan } from "./render";

type Obj = Record<string, unknown>;

const INTERVALS: PlanInterval[] = ["week", "half_month", "month", "year"];
const CURRENCIES = ["MXN", "USD"];
// The seed guide: up to 3 retries, one every 50 hours. The OpenAPI minimums are 3 and 48.
const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_RETRY_DELAY_HOURS = 50;

function atLeast(body: Body, key: string, min: number): number | undefined {
  const value = optInt(body, key);
  if (value !== undefined && value < min) throw invalidParam(key, `The parameter ${key} must be at least ${min}.`);
  return value;
}

function currency(body: Body): string | undefined {
  const value = optString(body, "currency")?.toUpperCase();
  if (value !== undefined && !CURRENCIES.includes(value)) throw invalidParam("currency", `The currency must be one of ${CURRENCIES.join(", ")}.`);
  return value;
}

// POST /plans — the id is the merchant's own when given (e.g. "gold-plan")
function createPlan({ engine, account, body }: ConektaContext): Obj {
  const id = optString(body, "id") ?? conektaId("plan");
  if (engine.conekta.get("plan", id, account.id)) throw invalidParam("id", `A plan with id "${id}" already exists.`, "already_exists");
  const interval = reqString(body, "interval") as PlanInterval;
  if (!INTERVALS.includes(interval)) throw invalidParam("interval", `The interval must be one of ${INTERVALS.join(", ")}.`);
  const amount = reqInt(body, "amount");
  if (amount < 1) throw invalidParam("amount", "The parameter amount must be at least 1.");
  const frequency = reqInt(body, "frequency");
  if (frequency < 1) throw invalidParam("frequency", "The parameter frequency must be at least 1.");
  const plan = engine.conekta.insert("plan", account.id, {
    id,
    created_at: engine.now(),
    name: reqString(body, "name"),
    amount,
    currency: currency(body) ?? "MXN",
    interval,
    frequency,
    trial_period_days: atLeast(body, "trial_period_days", 0) ?? 0,
    expiry_count: atLeast(body, "expiry_count", 1) ?? null,
    max_retries: atLeast(body, "max_retries", 3) ?? DEFAULT_MAX_RETRIES,
    retry_delay_hours: atLeast(body, "retry_delay_hours", 48) ?? DEFAULT_RETRY_DELAY_HOURS,
  });
  emitEvent(engine, account.id, "plan.created", renderPlan(plan));
  return renderPlan(plan);
}

// PUT /plans/:id — name, amount, currency, expiry_count; subscribers pay the new amount from their next cycle
function updatePlan(ctx: ConektaContext): Obj {
  const { engine, account, body } = ctx;
  const plan = getPlan(ctx, ctx.path.id ?? "");
  const before = renderPlan(plan);
  const amount = atLeast(body, "amount", 1);
  const next: Partial<PlanModel> = { name: optString(body, "name"), amount, currency: currency(body), expiry_count: atLeast(body, "expiry_count", 1) };
  for (const [key, value] of Object.entries(next)) if (value !== undefined) Object.assign(plan, { [key]: value });
  engine.conekta.touch();
  const after = renderPlan(plan);
  emitEvent(engine, account.id, "plan.updated", after, changedAttributes(before, after));
  return after;
}

// DELETE /plans/:id — refused while a subscription still uses the plan
function deletePlan(ctx: ConektaContext): Obj {
  const { engine, account } = ctx;
  const plan = getPlan(ctx, ctx.path.id ?? "");
  const used = engine.conekta.list("subscription", account.id).some((s) => s.plan_id === plan.id && s.status !== "canceled");
  if (used) throw invalidParam("id", "The plan has subscriptions that are not canceled.", "in_use");
  engine.conekta.remove(plan.id, account.id);
  emitEvent(engine, account.id, "plan.deleted", renderPlan(plan));
  return renderPlan(plan);
}

export function registerPlans(router: ConektaRouter): void {
  router
    .add("POST", "/plans", createPlan)
    .add("GET", "/plans", ({ engine, account, query }) =>
      listResponse(engine, engine.conekta.list("plan", account.id).map(renderPlan), query, "/plans"),
    )
    .add("GET", "/plans/:id", (ctx) => renderPlan(getPlan(ctx, ctx.path.id ?? "")))
    .add("PUT", "/plans/:id", updatePlan)
    .add("DELETE", "/plans/:id", deletePlan);
}
