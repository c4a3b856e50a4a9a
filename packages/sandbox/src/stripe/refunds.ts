import { missingResource, StripeApiError, invalidParam, invalidState } from "../http/errors";
import { applyMetadata, optBool, optInt, optObject, optString, rejectUnknown } from "../http/params";
import type { ApiContext, Obj, Router } from "../http/router";
import { newId } from "../ids";
import { getCharge } from "./charges";
import type { DisputeModel, RefundModel } from "./models-payments";
import { applyExpand, listResponse } from "./render";
import { renderCharge, renderDispute, renderRefund } from "./render-payments";

// Refunds (of a charge or of a PaymentIntent's charge) and the disputes the dispute test card
// opens: `refund.created` + `charge.refunded`, then `refund.updated` + `charge.refund.updated`
// on changes; `charge.dispute.updated` / `.closed` as evidence is given or the dispute conceded.

function getRefund({ engine, scope }: ApiContext, id: string): RefundModel {
  const refund = engine.store.get("refund", id, scope);
  if (!refund) throw missingResource("refund", id);
  return refund;
}

function getDispute({ engine, scope }: ApiContext, id: string): DisputeModel {
  const dispute = engine.store.get("dispute", id, scope);
  if (!dispute) throw missingResource("dispute", id, "dispute");
  return dispute;
}

function createRefund(ctx: ApiContext): Obj {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, ["charge", "payment_intent", "amount", "reason", "metadata", "instructions_email", "refund_application_fee", "reverse_transfer", "expand"]);
  const intentId = optString(params, "payment_intent");
  const intent = intentId ? engine.store.get("payment_intent", intentId, scope) : undefined;
  if (intentId && !intent) throw missingResource("payment_intent", intentId, "payment_intent");
  const chargeId = optString(params, "charge") ?? intent?.latest_charge ?? undefined;
  if (!chargeId) throw new StripeApiError(400, "invalid_request_error", "One of the following params should be provided for this request: payment_intent or charge.", "parameter_missing");
  const charge = getCharge(ctx, chargeId, "charge");
  const refundable = (charge.captured === false ? 0 : (charge.amount_captured ?? charge.amount)) - (charge.amount_refunded ?? 0);
  if (charge.status !== "succeeded" || refundable <= 0) throw invalidState(`Charge ${charge.id} has already been refunded.`, "charge_already_refunded");
  const amount = optInt(params, "amount") ?? refundable;
  if (amount > refundable) throw invalidParam("amount", `Refund amount ($${(amount / 100).toFixed(2)}) is greater than unrefunded amount on charge ($${(refundable / 100).toFixed(2)})`);
  const refund = engine.store.insert("refund", scope, {
    id: newId("re"), created: engine.now(), amount, currency: charge.currency, charge: charge.id, payment_intent: charge.payment_intent || null,
    reason: optString(params, "reason") ?? null, status: "succeeded", metadata: applyMetadata({}, params),
  });
  charge.amount_refunded = (charge.amount_refunded ?? 0) + amount;
  engine.store.touch();
  engine.emit(scope, "refund.created", renderRefund(refund));
  engine.emit(scope, "charge.refunded", renderCharge(engine, charge), { amount_refunded: charge.amount_refunded - amount, refunded: false });
  return applyExpand(engine, renderRefund(refund), params, scope);
}

export function registerRefundsAndDisputes(router: Router): void {
  router
    .add("POST", "/v1/refunds", createRefund)
    .add("GET", "/v1/refunds", ({ engine, params, scope }) => {
      const charge = optString(params, "charge");
      const items = engine.store.list("refund", scope).filter((r) => !charge || r.charge === charge);
      return listResponse(engine, items.map(renderRefund), params, "/v1/refunds", scope);
    })
    .add("GET", "/v1/refunds/:id", (ctx) => applyExpand(ctx.engine, renderRefund(getRefund(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope))
    .add("POST", "/v1/refunds/:id", (ctx) => {
      rejectUnknown(ctx.params, ["metadata", "expand"]);
      const refund = getRefund(ctx, ctx.path.id ?? "");
      const previous = { metadata: refund.metadata };
      refund.metadata = applyMetadata(refund.metadata, ctx.params);
      ctx.engine.store.touch();
      ctx.engine.emit(ctx.scope, "refund.updated", renderRefund(refund), previous);
      ctx.engine.emit(ctx.scope, "charge.refund.updated", renderRefund(refund), previous);
      return applyExpand(ctx.engine, renderRefund(refund), ctx.params, ctx.scope);
    })
    .add("POST", "/v1/refunds/:id/cancel", (ctx) => {
      const refund = getRefund(ctx, ctx.path.id ?? "");
      throw invalidState(`Refund ${refund.id} has a status of ${refund.status} and cannot be canceled.`);
    })
    .add("GET", "/v1/disputes", ({ engine, params, scope }) => {
      const items = engine.store.list("dispute", scope).map(renderDispute);
      return listResponse(engine, items, params, "/v1/disputes", scope);
    })
    .add("GET", "/v1/disputes/:id", (ctx) => applyExpand(ctx.engine, renderDispute(getDispute(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope))
    .add("POST", "/v1/disputes/:id", (ctx) => {
      rejectUnknown(ctx.params, ["evidence", "metadata", "submit", "expand"]);
      const dispute = getDispute(ctx, ctx.path.id ?? "");
      const before = renderDispute(dispute);
      for (const [key, value] of Object.entries(optObject(ctx.params, "evidence") ?? {})) if (typeof value === "string") dispute.evidence[key] = value;
      dispute.metadata = applyMetadata(dispute.metadata, ctx.params);
      if (optBool(ctx.params, "submit") ?? true) dispute.status = "under_review";
      ctx.engine.store.touch();
      ctx.engine.emit(ctx.scope, "charge.dispute.updated", renderDispute(dispute), { status: before.status, evidence: before.evidence });
      return applyExpand(ctx.engine, renderDispute(dispute), ctx.params, ctx.scope);
    })
    .add("POST", "/v1/disputes/:id/close", (ctx) => {
      rejectUnknown(ctx.params, ["expand"]);
      const dispute = getDispute(ctx, ctx.path.id ?? "");
      const previous = { status: dispute.status };
      dispute.status = "lost";
      ctx.engine.store.touch();
      ctx.engine.emit(ctx.scope, "charge.dispute.closed", renderDispute(dispute), previous);
      return applyExpand(ctx.engine, renderDispute(dispute), ctx.params, ctx.scope);
    });
}
