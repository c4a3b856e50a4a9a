import type { SandboxEngine } from "../engine";
import { StripeApiError, invalidParam, missingResource } from "../http/errors";
import type { Params } from "../http/form";
import { optObject, optString, rejectUnknown, reqString } from "../http/params";
import type { Router } from "../http/router";
import { escapeHtml, page, redirect } from "../html";
import type { HttpResult } from "../http/api";
import { newId, randomToken } from "../ids";
import { updateAccount } from "./accounts";
import { renderAccountLink } from "./render-core";

// Stripe's onboarding links are short-lived; five minutes of sandbox time here.
const LINK_TTL_SECONDS = 300;

export function registerAccountLinks(router: Router): void {
  router.add("POST", "/v1/account_links", ({ engine, params, connected }) => {
    if (connected) throw new StripeApiError(400, "invalid_request_error", "Account links are created by the platform.", "platform_account_required");
    rejectUnknown(params, ["account", "type", "refresh_url", "return_url", "collect", "collection_options", "expand"]);
    const accountId = reqString(params, "account");
    const type = reqString(params, "type");
    if (type !== "account_onboarding" && type !== "account_update") {
      throw invalidParam("type", "Invalid type: must be one of account_onboarding or account_update");
    }
    const account = engine.store.get("account", accountId, engine.platformId);
    if (!account || account.id === engine.platformId) throw missingResource("account", accountId, "account");
    if (type === "account_update" && account.type === "standard") {
      throw invalidParam("type", "You cannot create `account_update` type Account Links for Standard accounts.");
    }
    optObject(params, "collection_options");
    const created = engine.now();
    const link = engine.store.insert("account_link", engine.platformId, {
      id: newId("acctlink"),
      account: accountId,
      created,
      expires_at: created + LINK_TTL_SECONDS,
      type,
      refresh_url: reqString(params, "refresh_url"),
      return_url: reqString(params, "return_url"),
      used: false,
      form_token: null,
      completed: false,
    });
    return renderAccountLink(engine, link);
  });
}

function field(name: string, label: string, value = ""): string {
  return `<label for="${name}">${label}</label><input id="${name}" name="${name}" value="${escapeHtml(value)}">`;
}

/** GET/POST /onboarding/:id — the hosted onboarding form behind an account link. */
export function onboardingPage(engine: SandboxEngine, method: string, linkId: string, form: Params): HttpResult {
  const link = engine.store.get("account_link", linkId);
  if (!link) return page("Link not found", "<h1>This link is invalid.</h1>", 404);
  const account = engine.store.get("account", link.account);
  if (!account) return page("Link not found", "<h1>This account no longer exists.</h1>", 404);
  if (method === "GET") {
    // Expired or already visited links send the user back to the platform for a fresh one.
    if (link.used || link.expires_at < engine.now()) return redirect(link.refresh_url);
    link.used = true;
    link.form_token = randomToken(24);
    engine.store.touch();
    const profile = account.business_profile;
    return page(
      "Set up payments",
      `<h1>Set up payments for ${escapeHtml(profile.name ?? account.id)}</h1>
<form method="post" action="/onboarding/${link.id}">
<input type="hidden" name="form_token" value="${link.form_token}">
${field("business_name", "Business name", profile.name ?? "")}
${field("url", "Business website", profile.url ?? "https://example.com")}
${field("product_description", "What do you sell?", profile.product_description ?? "Software subscriptions")}
${field("support_phone", "Support phone", profile.support_phone ?? "+15555550100")}
<label for="outcome">Outcome (sandbox)</label><select id="outcome" name="outcome">
<option value="complete">Complete: charges and payouts enabled</option>
<option value="pending_verification">Submitted, verification pending</option>
<option value="leave">Leave without submitting</option></select>
<button type="submit">Submit</button></form>`,
    );
  }
  const token = optString(form, "form_token");
  if (link.completed || !token || token !== link.form_token) return redirect(link.refresh_url);
  link.completed = true;
  engine.store.touch();
  const outcome = optString(form, "outcome") ?? "complete";
  if (outcome !== "leave") submitDetails(engine, link.account, form, outcome === "complete");
  return redirect(link.return_url);
}

function submitDetails(engine: SandboxEngine, accountId: string, form: Params, enable: boolean): void {
  const account = engine.store.get("account", accountId);
  if (!account) return;
  updateAccount(engine, account, (a) => {
    a.business_profile = {
      name: optString(form, "business_name") || a.business_profile.name,
      url: optString(form, "url") || a.business_profile.url,
      product_description: optString(form, "product_description") || a.business_profile.product_description,
      support_phone: optString(form, "support_phone") || a.business_profile.support_phone,
    };
    a.details_submitted = true;
    a.tos_acceptance = { date: engine.now(), ip: "127.0.0.1", user_agent: "sandbox" };
    a.charges_enabled = enable;
    a.payouts_enabled = enable;
    a.requirements = {
      currently_due: [],
      eventually_due: [],
      past_due: [],
      pending_verification: enable ? [] : ["individual.verification.document"],
      disabled_reason: enable ? null : "requirements.pending_verification",
      current_deadline: null,
    };
  });
}

/** Test/control hook: put an account into a restricted state, as Stripe does when requirements lapse. */
export function restrictAccount(
  engine: SandboxEngine,
  accountId: string,
  options: { pastDue?: string[]; disabledReason?: string; payoutsEnabled?: boolean } = {},
): void {
  const account = engine.store.get("account", accountId);
  if (!account) throw missingResource("account", accountId, "account");
  const pastDue = options.pastDue ?? ["individual.verification.document"];
  updateAccount(engine, account, (a) => {
    a.charges_enabled = false;
    a.payouts_enabled = options.payoutsEnabled ?? false;
    a.requirements = {
      ...a.requirements,
      currently_due: [...new Set([...a.requirements.currently_due, ...pastDue])],
      eventually_due: [...new Set([...a.requirements.eventually_due, ...pastDue])],
      past_due: pastDue,
      disabled_reason: options.disabledReason ?? "requirements.past_due",
      current_deadline: null,
    };
  });
}
