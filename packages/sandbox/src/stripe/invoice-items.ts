import { invalidParam, invalidState, missingResource } from "../http/errors";
import { applyMetadata, optBool, optInt, optObject, optString, rejectUnknown, reqString } from "../http/params";
import type { ApiContext, Router } from "../http/router";
import { newId } from "../ids";
import type { InvoiceItemModel } from "./models-billing";
import "./models-augment";
import { applyExpand, listResponse } from "./render";
import { renderInvoiceItem } from "./render-invoice-item";
import { getCustomer } from "./customers";

// /v1/invoiceitems — one-off charges that wait for the customer's next invoice.

const CREATE_FIELDS = [
  "customer", "amount", "currency", "description", "metadata", "invoice", "quantity", "pricing",
  "period", "discountable", "expand",
];

function getItem({ engine, scope }: ApiContext, id: string): InvoiceItemModel {
  const item = engine.store.get("invoiceitem", id, scope);
  if (!item) throw missingResource("invoiceitem", id, "id");
  return item;
}

function createRoute(ctx: ApiContext) {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, CREATE_FIELDS);
  const customerId = reqString(params, "customer");
  const customer = getCustomer({ engine, scope }, customerId);
  const pricing = optObject(params, "pricing");
  if (pricing) rejectUnknown(pricing, ["price", "unit_amount_decimal"], "pricing");
  const priceId = pricing ? optString(pricing, "price") : undefined;
  const price = priceId ? engine.store.get("price", priceId, scope) : undefined;
  if (priceId && !price) throw missingResource("price", priceId, "pricing[price]");
  const quantity = optInt(params, "quantity") ?? 1;
  const amount = price ? (price.unit_amount ?? 0) * quantity : optInt(params, "amount");
  if (amount === undefined) throw invalidParam("amount", "You must specify either `amount` or `pricing[price]`.");
  const currency = price?.currency ?? optString(params, "currency") ?? customer.currency;
  if (!currency) throw invalidParam("currency", "Missing required param: currency.");
  const invoiceId = optString(params, "invoice");
  if (invoiceId) {
    const invoice = engine.store.get("invoice", invoiceId, scope);
    if (!invoice) throw missingResource("invoice", invoiceId, "invoice");
    if (invoice.status !== "draft") throw invalidState(`Invoice ${invoiceId} is no longer editable.`, "invoice_not_editable");
  }
  const period = optObject(params, "period");
  const now = engine.now();
  const item = engine.store.insert("invoiceitem", scope, {
    id: newId("ii"),
    created: now,
    customer: customerId,
    amount,
    currency: currency.toLowerCase(),
    description: optString(params, "description") ?? null,
    invoice: null,
    price: priceId ?? null,
    quantity,
    metadata: applyMetadata({}, params),
    period_start: (period && optInt(period, "start")) ?? now,
    period_end: (period && optInt(period, "end")) ?? now,
  });
  optBool(params, "discountable");
  engine.emit(scope, "invoiceitem.created", renderInvoiceItem(engine, item));
  if (invoiceId) {
    const invoice = engine.store.get("invoice", invoiceId, scope);
    if (invoice) attachItems(ctx, invoice.id, [item]);
  }
  return applyExpand(engine, renderInvoiceItem(engine, item), params, scope);
}

/** Moves pending items onto a draft invoice as lines, and recomputes its totals. */
export function attachItems(ctx: ApiContext, invoiceId: string, items: InvoiceItemModel[]): void {
  const invoice = ctx.engine.store.get("invoice", invoiceId, ctx.scope);
  if (!invoice) return;
  for (const item of items) {
    item.invoice = invoice.id;
    invoice.lines.push({
      id: newId("il"),
      price: item.price,
      quantity: item.quantity,
      amount: item.amount,
      tax: 0,
      description: item.description ?? "",
      period_start: item.period_start,
      period_end: item.period_end,
      subscription_item: null,
      invoice_item: item.id,
    });
  }
  invoice.subtotal = invoice.lines.reduce((sum, line) => sum + line.amount, 0);
  invoice.tax = invoice.lines.reduce((sum, line) => sum + line.tax, 0);
  invoice.total = invoice.subtotal + invoice.tax;
  ctx.engine.store.touch();
}

export function registerInvoiceItems(router: Router): void {
  router
    .add("POST", "/v1/invoiceitems", createRoute)
    .add("GET", "/v1/invoiceitems", ({ engine, params, scope }) => {
      const customer = optString(params, "customer");
      const invoice = optString(params, "invoice");
      const pending = optBool(params, "pending");
      const items = engine.store.list("invoiceitem", scope).filter(
        (i) => (!customer || i.customer === customer) && (!invoice || i.invoice === invoice) && (pending === undefined || (i.invoice === null) === pending),
      );
      return listResponse(engine, items.map((i) => renderInvoiceItem(engine, i)), params, "/v1/invoiceitems", scope);
    })
    .add("GET", "/v1/invoiceitems/:id", (ctx) =>
      applyExpand(ctx.engine, renderInvoiceItem(ctx.engine, getItem(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope),
    )
    .add("DELETE", "/v1/invoiceitems/:id", (ctx) => {
      const item = getItem(ctx, ctx.path.id ?? "");
      if (item.invoice) throw invalidState("An invoice item attached to an invoice cannot be deleted.", "invoice_not_editable");
      ctx.engine.store.remove(item.id);
      ctx.engine.emit(ctx.scope, "invoiceitem.deleted", { ...renderInvoiceItem(ctx.engine, item), deleted: true });
      return { id: item.id, object: "invoiceitem", deleted: true };
    });
}
