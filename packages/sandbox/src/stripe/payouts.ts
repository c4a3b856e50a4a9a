import { previousAttributes } from "../engine";
import { invalidParam, missingResource } from "../http/errors";
import { applyMetadata, optInt, optString, rejectUnknown, reqString } from "../http/params";
import type { ApiContext, Obj, Router } from "../http/router";
import { newId } from "../ids";
import "./models-extra";
import type { PayoutModel } from "./models-extra";
import { applyExpand, listResponse } from "./render";

// Payouts to the account's default bank account. The sandbox keeps no balance ledger: a payout
// is accepted for any positive amount and stays `pending` (see "Known differences").

export function renderPayout(p: PayoutModel): Obj {
  return {
    id: p.id,
    object: "payout",
    amount: p.amount,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: p.arrival_date,
    automatic: false,
    balance_transaction: null,
    created: p.created,
    currency: p.currency,
    description: p.description,
    destination: null,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: p.metadata,
    method: p.method,
    original_payout: null,
    payout_method: null,
    reconciliation_status: "not_applicable",
    reversed_by: null,
    source_type: "card",
    statement_descriptor: p.statement_descriptor,
    status: p.status,
    trace_id: null,
    type: "bank_account",
  };
}

function getPayout({ engine, scope }: ApiContext, id: string): PayoutModel {
  const payout = engine.store.get("payout", id, scope);
  if (!payout) throw missingResource("payout", id, "payout");
  return payout;
}

function createPayout(ctx: ApiContext): Obj {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, ["amount", "currency", "description", "metadata", "method", "statement_descriptor", "expand"]);
  const amount = optInt(params, "amount");
  if (amount === undefined) throw invalidParam("amount", "Missing required param: amount.");
  if (amount <= 0) throw invalidParam("amount", "Invalid positive integer");
  const method = optString(params, "method") ?? "standard";
  if (method !== "standard" && method !== "instant") throw invalidParam("method", "Invalid method: must be one of standard or instant");
  const now = engine.now();
  const payout = engine.store.insert("payout", scope, {
    id: newId("po"),
    created: now,
    amount,
    currency: reqString(params, "currency").toLowerCase(),
    arrival_date: method === "instant" ? now : now + 2 * 86_400,
    description: optString(params, "description") ?? null,
    statement_descriptor: optString(params, "statement_descriptor") ?? null,
    method,
    status: "pending",
    metadata: applyMetadata({}, params),
  });
  engine.emit(scope, "payout.created", renderPayout(payout));
  return applyExpand(engine, renderPayout(payout), params, scope);
}

export function registerPayouts(router: Router): void {
  router
    .add("POST", "/v1/payouts", createPayout)
    .add("GET", "/v1/payouts", ({ engine, params, scope }) =>
      listResponse(engine, engine.store.list("payout", scope).map(renderPayout), params, "/v1/payouts", scope))
    .add("GET", "/v1/payouts/:id", (ctx) => applyExpand(ctx.engine, renderPayout(getPayout(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope))
    .add("POST", "/v1/payouts/:id", (ctx) => {
      rejectUnknown(ctx.params, ["metadata", "expand"]);
      const payout = getPayout(ctx, ctx.path.id ?? "");
      const before = renderPayout(payout);
      payout.metadata = applyMetadata(payout.metadata, ctx.params);
      ctx.engine.store.touch();
      const previous = previousAttributes(before, renderPayout(payout));
      if (previous) ctx.engine.emit(ctx.scope, "payout.updated", renderPayout(payout), previous);
      return applyExpand(ctx.engine, renderPayout(payout), ctx.params, ctx.scope);
    });
}
