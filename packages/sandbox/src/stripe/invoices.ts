import { StripeApiError, missingResource } from "../http/errors";
import { optString, rejectUnknown, stringArray } from "../http/params";
import type { ApiContext, Obj, Router } from "../http/router";
import { collectInvoice } from "./invoicing";
import { atClockTimeOf } from "./test-clocks";
import type { InvoiceModel } from "./models-billing";
import { applyExpand, listResponse } from "./render";
import { renderInvoice } from "./render-invoice";
import { renderInvoicePayments } from "./render-invoice-payments";
import { renderCharge, renderPaymentIntent } from "./render-payments";

function getInvoice({ engine, scope }: ApiContext, id: string): InvoiceModel {
  const invoice = engine.store.get("invoice", id, scope);
  if (!invoice) throw missingResource("invoice", id, "invoice");
  return invoice;
}

// `payments` is includable: present only when expanded (`payments` or `payments.data.…`).
export function presentInvoice(ctx: ApiContext, invoice: InvoiceModel): Obj {
  const rendered = renderInvoice(ctx.engine, invoice);
  const expand = stringArray(ctx.params, "expand") ?? [];
  if (expand.some((path) => path === "payments" || path.startsWith("payments."))) rendered.payments = renderInvoicePayments(invoice);
  const rest = expand.filter((path) => path !== "payments");
  return applyExpand(ctx.engine, rendered, { ...ctx.params, expand: rest }, ctx.scope);
}

export function registerInvoices(router: Router): void {
  router
    .add("GET", "/v1/invoices", ({ engine, params, scope }) => {
      const customer = optString(params, "customer");
      const subscription = optString(params, "subscription");
      const status = optString(params, "status");
      const items = engine.store.list("invoice", scope).filter(
        (i) => (!customer || i.customer === customer) && (!subscription || i.subscription === subscription) && (!status || i.status === status),
      );
      return listResponse(engine, items.map((i) => renderInvoice(engine, i)), params, "/v1/invoices", scope);
    })
    .add("GET", "/v1/invoices/:id", (ctx) => presentInvoice(ctx, getInvoice(ctx, ctx.path.id ?? "")))
    .add("GET", "/v1/invoices/:id/lines", (ctx) => {
      const invoice = renderInvoice(ctx.engine, getInvoice(ctx, ctx.path.id ?? ""));
      const lines = (invoice.lines as { data: Record<string, unknown>[] }).data;
      return listResponse(ctx.engine, lines, ctx.params, `/v1/invoices/${String(invoice.id)}/lines`, ctx.scope);
    })
    // Manual collection attempt, as the Dashboard's "retry" does.
    .add("POST", "/v1/invoices/:id/pay", atClockTimeOf("invoice", (ctx) => {
      rejectUnknown(ctx.params, ["payment_method", "off_session", "paid_out_of_band", "expand"]);
      const invoice = getInvoice(ctx, ctx.path.id ?? "");
      const pm = optString(ctx.params, "payment_method");
      if (pm) {
        if (!ctx.engine.store.get("payment_method", pm, ctx.scope)) throw missingResource("payment_method", pm, "payment_method");
        invoice.default_payment_method = pm;
      }
      if (invoice.status !== "open" && invoice.status !== "draft") {
        throw new StripeApiError(400, "invalid_request_error", "Invoice is already paid or cannot be paid.", "invoice_not_editable");
      }
      const paid = collectInvoice(ctx.engine, ctx.scope, invoice);
      if (!paid && invoice.payment_intent && ctx.engine.store.get("payment_intent", invoice.payment_intent)?.status === "requires_action") {
        throw new StripeApiError(402, "card_error", "This payment requires additional user action before it can be completed successfully. Complete the payment via the invoice's PaymentIntent.", "invoice_payment_intent_requires_action");
      }
      if (!paid) {
        throw new StripeApiError(402, "card_error", "Your card was declined.", "card_declined", undefined, { decline_code: "generic_decline" });
      }
      return applyExpand(ctx.engine, renderInvoice(ctx.engine, invoice), ctx.params, ctx.scope);
    }))
    .add("GET", "/v1/payment_intents/:id", (ctx) => {
      const pi = ctx.engine.store.get("payment_intent", ctx.path.id ?? "", ctx.scope);
      if (!pi) throw missingResource("payment_intent", ctx.path.id ?? "", "intent");
      return applyExpand(ctx.engine, renderPaymentIntent(pi), ctx.params, ctx.scope);
    })
    .add("GET", "/v1/charges/:id", (ctx) => {
      const charge = ctx.engine.store.get("charge", ctx.path.id ?? "", ctx.scope);
      if (!charge) throw missingResource("charge", ctx.path.id ?? "", "charge");
      return applyExpand(ctx.engine, renderCharge(ctx.engine, charge), ctx.params, ctx.scope);
    })
    .add("GET", "/v1/charges", ({ engine, params, scope }) => {
      const customer = optString(params, "customer");
      const items = engine.store.list("charge", scope).filter((c) => !customer || c.customer === customer);
      return listResponse(engine, items.map((c) => renderCharge(engine, c)), params, "/v1/charges", scope);
    });
}
