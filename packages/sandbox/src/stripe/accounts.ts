import { previousAttributes, type SandboxEngine } from "../engine";
import { StripeApiError, invalidParam, missingResource } from "../http/errors";
import type { Params } from "../http/form";
import { applyMetadata, optObject, optString, rejectUnknown } from "../http/params";
import type { ApiContext, Obj, Router } from "../http/router";
import { newId } from "../ids";
import type { AccountModel, Requirements } from "./models";
import { applyExpand, listResponse } from "./render";
import { renderAccount } from "./render-core";

// What Stripe asks a fresh Standard account for (from Stripe's own account fixture).
export const ONBOARDING_FIELDS = [
  "business_profile.product_description",
  "business_profile.support_phone",
  "business_profile.url",
  "external_account",
  "tos_acceptance.date",
  "tos_acceptance.ip",
];

export function freshRequirements(): Requirements {
  return {
    currently_due: [...ONBOARDING_FIELDS],
    eventually_due: [...ONBOARDING_FIELDS],
    past_due: [],
    pending_verification: [],
    disabled_reason: "requirements.past_due",
    current_deadline: null,
  };
}

export function ensurePlatformAccount(engine: SandboxEngine): void {
  if (engine.store.get("account", engine.platformId)) return;
  engine.store.insert("account", engine.platformId, {
    id: engine.platformId,
    created: engine.now(),
    type: "standard",
    controllerType: "account",
    email: "platform@beacon.sandbox",
    country: "US",
    default_currency: "usd",
    business_type: "company",
    business_profile: { name: "Beacon Sandbox Platform", url: null, product_description: null, support_phone: null },
    metadata: {},
    details_submitted: true,
    charges_enabled: true,
    payouts_enabled: true,
    requirements: { ...freshRequirements(), currently_due: [], eventually_due: [], disabled_reason: null },
    tos_acceptance: { date: engine.now(), ip: "127.0.0.1", user_agent: null },
  });
  engine.store.flush();
}

/** The single writer for account state: snapshots, mutates, emits `account.updated`. */
export function updateAccount(engine: SandboxEngine, account: AccountModel, mutate: (a: AccountModel) => void): void {
  const before = renderAccount(account);
  mutate(account);
  engine.store.touch();
  const after = renderAccount(account);
  const previous = previousAttributes(before, after);
  if (previous) engine.emit(account.id, "account.updated", after, previous);
}

function accountType(params: Params): AccountModel["type"] {
  const type = optString(params, "type");
  if (type !== undefined) {
    if (type !== "standard" && type !== "express" && type !== "custom") {
      throw invalidParam("type", `Invalid type: must be one of standard, express, or custom`);
    }
    return type;
  }
  const dashboard = optObject(optObject(params, "controller") ?? {}, "stripe_dashboard");
  const kind = dashboard ? optString(dashboard, "type") : undefined;
  if (kind === "express") return "express";
  if (kind === "none") return "none";
  return "standard";
}

function createAccount({ engine, params, connected }: ApiContext): Obj {
  if (connected) throw new StripeApiError(400, "invalid_request_error", "Connected accounts cannot create accounts.", "platform_account_required");
  rejectUnknown(params, ["type", "controller", "email", "country", "business_type", "business_profile", "metadata", "capabilities", "default_currency", "expand"]);
  const profile = optObject(params, "business_profile") ?? {};
  const type = accountType(params);
  const account = engine.store.insert("account", engine.platformId, {
    id: newId("acct"),
    created: engine.now(),
    type,
    controllerType: type === "standard" ? "account" : "application",
    email: optString(params, "email") ?? null,
    country: (optString(params, "country") ?? "US").toUpperCase(),
    default_currency: optString(params, "default_currency") ?? "usd",
    business_type: optString(params, "business_type") ?? null,
    business_profile: {
      name: optString(profile, "name") ?? null,
      url: optString(profile, "url") ?? null,
      product_description: optString(profile, "product_description") ?? null,
      support_phone: optString(profile, "support_phone") ?? null,
    },
    metadata: applyMetadata({}, params),
    details_submitted: false,
    charges_enabled: false,
    payouts_enabled: false,
    requirements: freshRequirements(),
    tos_acceptance: { date: null, ip: null, user_agent: null },
  });
  return applyExpand(engine, renderAccount(account), params, engine.platformId);
}

function findAccount(ctx: ApiContext, id: string): AccountModel {
  // A connected account may only read itself; the platform reads all of its accounts.
  const visible = !ctx.connected || id === ctx.scope;
  const account = visible ? ctx.engine.store.get("account", id) : undefined;
  if (!account) throw missingResource("account", id, "account");
  return account;
}

function updateAccountRoute(ctx: ApiContext): Obj {
  const { engine, params } = ctx;
  rejectUnknown(params, ["email", "metadata", "business_profile", "business_type", "expand"]);
  const account = findAccount(ctx, ctx.path.id ?? "");
  const profile = optObject(params, "business_profile") ?? {};
  updateAccount(engine, account, (a) => {
    a.email = optString(params, "email") ?? a.email;
    a.business_type = optString(params, "business_type") ?? a.business_type;
    a.metadata = applyMetadata(a.metadata, params);
    a.business_profile = {
      name: optString(profile, "name") ?? a.business_profile.name,
      url: optString(profile, "url") ?? a.business_profile.url,
      product_description: optString(profile, "product_description") ?? a.business_profile.product_description,
      support_phone: optString(profile, "support_phone") ?? a.business_profile.support_phone,
    };
  });
  return applyExpand(engine, renderAccount(account), params, ctx.scope);
}

export function registerAccounts(router: Router): void {
  router
    .add("POST", "/v1/accounts", createAccount)
    .add("GET", "/v1/accounts", ({ engine, params, connected }) => {
      if (connected) throw missingResource("account", "list");
      const accounts = engine.store.list("account", engine.platformId).filter((a) => a.id !== engine.platformId);
      return listResponse(engine, accounts.map(renderAccount), params, "/v1/accounts", engine.platformId);
    })
    .add("GET", "/v1/accounts/:id", (ctx) =>
      applyExpand(ctx.engine, renderAccount(findAccount(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope),
    )
    .add("POST", "/v1/accounts/:id", updateAccountRoute)
    .add("GET", "/v1/account", (ctx) => applyExpand(ctx.engine, renderAccount(findAccount(ctx, ctx.scope)), ctx.params, ctx.scope));
}
