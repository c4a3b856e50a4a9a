import { StripeApiError, invalidParam, invalidState, missingResource } from "../http/errors";
import { applyMetadata, optInt, optBool, optString, rejectUnknown, reqString } from "../http/params";
import type { ApiContext, Router } from "../http/router";
import { newId } from "../ids";
import { attachItems } from "./invoice-items";
import { changeInvoice, collectInvoice, finalizeInvoice, voidInvoice } from "./invoicing";
import type { InvoiceModel } from "./models-billing";
import "./models-augment";
import { applyExpand } from "./render";
import { renderInvoice } from "./render-invoice";
import { getCustomer } from "./customers";

// One-off invoices by API: create (optionally sweeping in pending invoice items), edit the
// draft, finalize, void, delete. Collection (`/pay`) lives with the invoice reads.

const CREATE_FIELDS = [
  "customer", "description", "metadata", "pending_invoice_items_behavior", "auto_advance", "collection_method",
  "currency", "default_payment_method", "days_until_due", "expand", "subscription", "automatic_tax",
];

function getInvoice({ engine, scope }: ApiContext, id: string): InvoiceModel {
  const invoice = engine.store.get("invoice", id, scope);
  if (!invoice) throw missingResource("invoice", id, "invoice");
  return invoice;
}

function createRoute(ctx: ApiContext) {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, CREATE_FIELDS);
  const customerId = reqString(params, "customer");
  const customer = getCustomer({ engine, scope }, customerId);
  const behavior = optString(params, "pending_invoice_items_behavior") ?? "exclude";
  if (!["include", "exclude"].includes(behavior)) {
    throw invalidParam("pending_invoice_items_behavior", "Invalid pending_invoice_items_behavior: must be one of include or exclude");
  }
  const collection = optString(params, "collection_method") ?? "charge_automatically";
  if (collection !== "charge_automatically" && collection !== "send_invoice") {
    throw invalidParam("collection_method", "Invalid collection_method: must be one of charge_automatically or send_invoice");
  }
  const daysUntilDue = optInt(params, "days_until_due");
  if (collection === "send_invoice" && daysUntilDue === undefined) {
    throw invalidParam("days_until_due", "Missing required param: days_until_due. It is required when collection_method is send_invoice.");
  }
  if (collection === "charge_automatically" && daysUntilDue !== undefined) {
    throw invalidParam("days_until_due", "You can only set days_until_due when collection_method is send_invoice.");
  }
  const pending = engine.store.list("invoiceitem", scope).filter((i) => i.customer === customerId && i.invoice === null);
  const currency = optString(params, "currency") ?? pending[0]?.currency ?? customer.currency ?? "usd";
  const now = engine.now();
  const invoice = engine.store.insert("invoice", scope, {
    id: newId("in"),
    created: now,
    customer: customerId,
    subscription: null,
    subscription_metadata: null,
    status: "draft",
    billing_reason: "manual",
    currency,
    lines: [],
    subtotal: 0,
    tax: 0,
    tax_percent: null,
    total: 0,
    amount_paid: 0,
    attempt_count: 0,
    next_payment_attempt: null,
    // One-off invoices by API do not advance on their own unless asked to.
    automatically_finalizes_at: optBool(params, "auto_advance") ? now + engine.billing.finalizeDelaySeconds : null,
    number: null,
    period_start: now,
    period_end: now,
    finalized_at: null,
    paid_at: null,
    voided_at: null,
    automatic_tax: false,
    payment_intent: null,
    customer_email: customer.email,
    customer_name: customer.name,
    metadata: applyMetadata({}, params),
    description: optString(params, "description") ?? null,
    auto_advance: optBool(params, "auto_advance") ?? false,
    default_payment_method: optString(params, "default_payment_method") ?? null,
    collection_method: collection,
    due_date: daysUntilDue === undefined ? null : now + daysUntilDue * 86_400,
  });
  if (behavior === "include") attachItems(ctx, invoice.id, pending.filter((i) => i.currency === currency).reverse());
  engine.emit(scope, "invoice.created", renderInvoice(engine, invoice));
  return applyExpand(engine, renderInvoice(engine, invoice), params, scope);
}

function updateRoute(ctx: ApiContext) {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, ["description", "metadata", "auto_advance", "default_payment_method", "expand"]);
  const invoice = getInvoice(ctx, ctx.path.id ?? "");
  if (invoice.status !== "draft" && (params.description !== undefined || params.default_payment_method !== undefined)) {
    throw invalidState("Finalized invoices can only update metadata and a few other fields.", "invoice_not_editable");
  }
  changeInvoice(engine, scope, invoice, "invoice.updated", (i) => {
    i.metadata = applyMetadata(i.metadata, params);
    const description = optString(params, "description");
    if (description !== undefined) i.description = description || null;
    const autoAdvance = optBool(params, "auto_advance");
    if (autoAdvance !== undefined) i.auto_advance = autoAdvance;
    const pm = optString(params, "default_payment_method");
    if (pm !== undefined) i.default_payment_method = pm || null;
  });
  return applyExpand(engine, renderInvoice(engine, invoice), params, scope);
}

export function registerInvoiceActions(router: Router): void {
  router
    .add("POST", "/v1/invoices", createRoute)
    .add("POST", "/v1/invoices/:id", updateRoute)
    .add("POST", "/v1/invoices/:id/finalize", (ctx) => {
      rejectUnknown(ctx.params, ["auto_advance", "expand"]);
      const invoice = getInvoice(ctx, ctx.path.id ?? "");
      if (invoice.status !== "draft") throw invalidState("This invoice is already finalized, you can't re-finalize a non-draft invoice.", "invoice_not_editable");
      finalizeInvoice(ctx.engine, ctx.scope, invoice);
      // Stripe marks a zero-amount invoice paid as it finalizes.
      if (invoice.total === 0) collectInvoice(ctx.engine, ctx.scope, invoice);
      return applyExpand(ctx.engine, renderInvoice(ctx.engine, invoice), ctx.params, ctx.scope);
    })
    // Emails a send_invoice invoice (finalizing a draft first); the sandbox sends no email.
    .add("POST", "/v1/invoices/:id/send", (ctx) => {
      rejectUnknown(ctx.params, ["expand"]);
      const invoice = getInvoice(ctx, ctx.path.id ?? "");
      if (invoice.collection_method !== "send_invoice") {
        throw invalidState("You can only manually send an invoice if its collection method is 'send_invoice'.", "invoice_not_editable");
      }
      if (invoice.status === "draft") finalizeInvoice(ctx.engine, ctx.scope, invoice);
      if (invoice.status !== "open") throw invalidState(`You can only send open invoices. This invoice is ${invoice.status}.`, "invoice_not_editable");
      ctx.engine.emit(ctx.scope, "invoice.sent", renderInvoice(ctx.engine, invoice));
      return applyExpand(ctx.engine, renderInvoice(ctx.engine, invoice), ctx.params, ctx.scope);
    })
    .add("POST", "/v1/invoices/:id/void", (ctx) => {
      rejectUnknown(ctx.params, ["expand"]);
      const invoice = getInvoice(ctx, ctx.path.id ?? "");
      if (invoice.status !== "open" && invoice.status !== "uncollectible") {
        throw invalidState(`You can only pass in open or uncollectible invoices. This invoice is ${invoice.status}.`, "invoice_not_editable");
      }
      voidInvoice(ctx.engine, ctx.scope, invoice);
      return applyExpand(ctx.engine, renderInvoice(ctx.engine, invoice), ctx.params, ctx.scope);
    })
    .add("POST", "/v1/invoices/:id/mark_uncollectible", (ctx) => {
      rejectUnknown(ctx.params, ["expand"]);
      const invoice = getInvoice(ctx, ctx.path.id ?? "");
      if (invoice.status !== "open") throw invalidState(`You can only mark open invoices as uncollectible. This invoice is ${invoice.status}.`, "invoice_not_editable");
      changeInvoice(ctx.engine, ctx.scope, invoice, "invoice.marked_uncollectible", (i) => {
        i.status = "uncollectible";
        i.next_payment_attempt = null;
      });
      return applyExpand(ctx.engine, renderInvoice(ctx.engine, invoice), ctx.params, ctx.scope);
    })
    .add("DELETE", "/v1/invoices/:id", (ctx) => {
      const invoice = getInvoice(ctx, ctx.path.id ?? "");
      if (invoice.status !== "draft") throw new StripeApiError(400, "invalid_request_error", "You can only delete draft invoices.", "invoice_not_editable");
      for (const item of ctx.engine.store.list("invoiceitem", ctx.scope)) if (item.invoice === invoice.id) item.invoice = null;
      ctx.engine.store.remove(invoice.id);
      ctx.engine.emit(ctx.scope, "invoice.deleted", renderInvoice(ctx.engine, invoice));
      return { id: invoice.id, object: "invoice", deleted: true };
    });
}
