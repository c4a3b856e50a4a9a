import { missingResource, StripeApiError, invalidParam } from "../http/errors";
import { applyMetadata, optInt, optNullableString, optString, rejectUnknown, reqString } from "../http/params";
import type { ApiContext, Obj, Router } from "../http/router";
import { newId } from "../ids";
import type { TransferModel } from "./models-payments";
import { applyExpand, listResponse } from "./render";
import { renderTransfer } from "./render-payments";

// Connect transfers from the platform's balance to a connected account: `transfer.created`,
// `transfer.updated`, `transfer.reversed`. Only the platform can make them, as in Stripe.

function getTransfer({ engine, scope }: ApiContext, id: string): TransferModel {
  const transfer = engine.store.get("transfer", id, scope);
  if (!transfer) throw missingResource("transfer", id);
  return transfer;
}

function createTransfer(ctx: ApiContext): Obj {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, ["amount", "currency", "destination", "description", "metadata", "source_transaction", "transfer_group", "source_type", "expand"]);
  if (ctx.connected) throw new StripeApiError(400, "invalid_request_error", "Transfers can only be made by the platform account.");
  const destination = reqString(params, "destination");
  if (!engine.store.get("account", destination)) throw missingResource("account", destination, "destination");
  const amount = optInt(params, "amount");
  if (amount === undefined) throw new StripeApiError(400, "invalid_request_error", "Missing required param: amount.", "parameter_missing", "amount");
  if (amount <= 0) throw invalidParam("amount", "Invalid positive integer");
  const transfer = engine.store.insert("transfer", scope, {
    id: newId("tr"), created: engine.now(), amount, currency: reqString(params, "currency").toLowerCase(), destination,
    description: optString(params, "description") ?? null, source_transaction: optString(params, "source_transaction") ?? null,
    transfer_group: optString(params, "transfer_group") ?? null, amount_reversed: 0, metadata: applyMetadata({}, params),
  });
  engine.emit(scope, "transfer.created", renderTransfer(transfer));
  return applyExpand(engine, renderTransfer(transfer), params, scope);
}

export function registerTransfers(router: Router): void {
  router
    .add("POST", "/v1/transfers", createTransfer)
    .add("GET", "/v1/transfers", ({ engine, params, scope }) => {
      const destination = optString(params, "destination");
      const items = engine.store.list("transfer", scope).filter((t) => !destination || t.destination === destination);
      return listResponse(engine, items.map(renderTransfer), params, "/v1/transfers", scope);
    })
    .add("GET", "/v1/transfers/:id", (ctx) => applyExpand(ctx.engine, renderTransfer(getTransfer(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope))
    .add("POST", "/v1/transfers/:id", (ctx) => {
      rejectUnknown(ctx.params, ["description", "metadata", "expand"]);
      const transfer = getTransfer(ctx, ctx.path.id ?? "");
      const previous = { description: transfer.description, metadata: transfer.metadata };
      const description = optNullableString(ctx.params, "description");
      if (description !== undefined) transfer.description = description;
      transfer.metadata = applyMetadata(transfer.metadata, ctx.params);
      ctx.engine.store.touch();
      ctx.engine.emit(ctx.scope, "transfer.updated", renderTransfer(transfer), previous);
      return applyExpand(ctx.engine, renderTransfer(transfer), ctx.params, ctx.scope);
    })
    .add("POST", "/v1/transfers/:id/reversals", (ctx) => {
      rejectUnknown(ctx.params, ["amount", "description", "metadata", "refund_application_fee", "expand"]);
      const transfer = getTransfer(ctx, ctx.path.id ?? "");
      const amount = optInt(ctx.params, "amount") ?? transfer.amount - transfer.amount_reversed;
      if (amount <= 0 || amount > transfer.amount - transfer.amount_reversed) throw invalidParam("amount", "Reversal amount exceeds the transfer's remaining amount.");
      transfer.amount_reversed += amount;
      ctx.engine.store.touch();
      ctx.engine.emit(ctx.scope, "transfer.reversed", renderTransfer(transfer));
      const reversal = { id: newId("trr"), object: "transfer_reversal", amount, currency: transfer.currency, created: ctx.engine.now(), transfer: transfer.id, metadata: {} };
      return reversal;
    });
}
