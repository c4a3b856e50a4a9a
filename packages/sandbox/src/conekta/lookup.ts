import type { ConektaContext } from "./api";
import { notFound } from "./errors";
import type { CustomerModel, PlanModel, SubscriptionModel } from "./models";

// Finders for route handlers: an id of another account reads as not found.

export function getCustomer({ engine, account }: Pick<ConektaContext, "engine" | "account">, id: string): CustomerModel {
  const customer = engine.conekta.get("customer", id, account.id);
  if (!customer) throw notFound("Customer", id);
  return customer;
}

export function getPlan({ engine, account }: Pick<ConektaContext, "engine" | "account">, id: string): PlanModel {
  const plan = engine.conekta.get("plan", id, account.id);
  if (!plan) throw notFound("Plan", id);
  return plan;
}

export function getSubscription(ctx: ConektaContext): SubscriptionModel {
  const customer = getCustomer(ctx, ctx.path.customer_id ?? "");
  const id = ctx.path.id ?? "";
  const sub = ctx.engine.conekta.get("subscription", id, ctx.account.id);
  if (!sub || sub.customer_id !== customer.id) throw notFound("Subscription", id);
  return sub;
}
