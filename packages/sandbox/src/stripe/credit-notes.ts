import { previousAttributes } from "../engine";
import { invalidParam, invalidState, missingResource } from "../http/errors";
import { applyMetadata, asParams, optInt, optNullableString, optString, rejectUnknown, reqString } from "../http/params";
import type { ApiContext, Obj, Router } from "../http/router";
import { newId } from "../ids";
import { changeInvoice } from "./invoicing";
import "./models-extra";
import type { CreditNoteLineModel, CreditNoteModel } from "./models-extra";
import { applyExpand, listResponse } from "./render";
import { amountDue } from "./render-invoice";

// Credit notes on open invoices (pre-payment): each issued note takes its amount off what the
// invoice still asks for (`invoice.updated`), and voiding gives it back. Credit notes on paid
// invoices (refunds, customer balance credits) are not modeled: see "Known differences".

const REASONS = ["duplicate", "fraudulent", "order_change", "product_unsatisfactory"];

function renderLine(line: CreditNoteLineModel): Obj {
  return {
    id: line.id,
    object: "credit_note_line_item",
    amount: line.amount,
    description: line.description,
    discount_amount: 0,
    discount_amounts: [],
    livemode: false,
    metadata: {},
    pretax_credit_amounts: [],
    quantity: line.quantity,
    tax_rates: [],
    taxes: [],
    type: "custom_line_item",
    unit_amount: line.unit_amount,
    unit_amount_decimal: String(line.unit_amount),
  };
}

export function renderCreditNote(n: CreditNoteModel): Obj {
  return {
    id: n.id,
    object: "credit_note",
    amount: n.amount,
    amount_shipping: 0,
    created: n.created,
    currency: n.currency,
    customer: n.customer,
    customer_account: null,
    customer_balance_transaction: null,
    discount_amount: 0,
    discount_amounts: [],
    effective_at: n.created,
    invoice: n.invoice,
    lines: { object: "list", data: n.lines.map(renderLine), has_more: false, url: `/v1/credit_notes/${n.id}/lines` },
    livemode: false,
    memo: n.memo,
    metadata: n.metadata,
    number: n.number,
    out_of_band_amount: null,
    pdf: `https://pay.stripe.com/credit_notes/${n.id}/pdf`,
    post_payment_amount: 0,
    pre_payment_amount: n.amount,
    pretax_credit_amounts: [],
    reason: n.reason,
    refunds: [],
    shipping_cost: null,
    status: n.status,
    subtotal: n.amount,
    subtotal_excluding_tax: n.amount,
    total: n.amount,
    total_excluding_tax: n.amount,
    total_taxes: [],
    type: "pre_payment",
    voided_at: n.voided_at,
  };
}

function getCreditNote({ engine, scope }: ApiContext, id: string): CreditNoteModel {
  const note = engine.store.get("credit_note", id, scope);
  if (!note) throw missingResource("credit_note", id, "id");
  return note;
}

function readLines(ctx: ApiContext): CreditNoteLineModel[] {
  const raw = ctx.params.lines;
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw invalidParam("lines", "Invalid array");
  return raw.map((entry, i) => {
    const line = asParams(entry, `lines[${i}]`);
    rejectUnknown(line, ["type", "unit_amount", "quantity", "description", "amount", "invoice_line_item", "metadata"], `lines[${i}]`);
    const type = reqString(line, "type");
    if (type !== "custom_line_item") throw invalidParam(`lines[${i}][type]`, "The sandbox credits custom_line_item lines only.");
    const unitAmount = optInt(line, "unit_amount");
    if (unitAmount === undefined || unitAmount <= 0) throw invalidParam(`lines[${i}][unit_amount]`, "Missing required param: unit_amount.");
    const quantity = optInt(line, "quantity") ?? 1;
    return { id: newId("cnli"), description: optString(line, "description") ?? null, quantity, unit_amount: unitAmount, amount: unitAmount * quantity };
  });
}

function createCreditNote(ctx: ApiContext): Obj {
  const { engine, params, scope } = ctx;
  rejectUnknown(params, ["invoice", "lines", "amount", "memo", "metadata", "reason", "expand"]);
  const invoiceId = reqString(params, "invoice");
  const invoice = engine.store.get("invoice", invoiceId, scope);
  if (!invoice) throw missingResource("invoice", invoiceId, "invoice");
  if (invoice.status !== "open") {
    throw invalidState(`The sandbox issues credit notes on open invoices only; this invoice is ${invoice.status}.`, "invoice_not_editable");
  }
  const lines = readLines(ctx);
  const explicit = optInt(params, "amount");
  if (lines.length === 0 && explicit === undefined) throw invalidParam("lines", "You must pass either lines or amount.");
  if (lines.length === 0 && explicit !== undefined) lines.push({ id: newId("cnli"), description: null, quantity: 1, unit_amount: explicit, amount: explicit });
  const amount = lines.reduce((sum, l) => sum + l.amount, 0);
  if (explicit !== undefined && explicit !== amount) throw invalidParam("amount", "The amount must equal the sum of the lines.");
  if (amount > amountDue(invoice)) {
    throw invalidParam("amount", `The credit note amount (${amount}) exceeds the invoice's remaining amount due (${amountDue(invoice)}).`);
  }
  const reason = optString(params, "reason") ?? null;
  if (reason && !REASONS.includes(reason)) throw invalidParam("reason", `Invalid reason: must be one of ${REASONS.join(", ")}`);
  const sequence = engine.store.list("credit_note", scope).filter((n) => n.invoice === invoice.id).length + 1;
  const note = engine.store.insert("credit_note", scope, {
    id: newId("cn"),
    created: engine.now(),
    invoice: invoice.id,
    customer: invoice.customer,
    currency: invoice.currency,
    number: `${invoice.number ?? invoice.id}-CN-${String(sequence).padStart(2, "0")}`,
    lines,
    amount,
    memo: optString(params, "memo") ?? null,
    reason,
    status: "issued",
    voided_at: null,
    metadata: applyMetadata({}, params),
  });
  engine.emit(scope, "credit_note.created", renderCreditNote(note));
  changeInvoice(engine, scope, invoice, "invoice.updated", (i) => (i.pre_payment_credited = (i.pre_payment_credited ?? 0) + amount));
  return applyExpand(engine, renderCreditNote(note), params, scope);
}

export function registerCreditNotes(router: Router): void {
  router
    .add("POST", "/v1/credit_notes", createCreditNote)
    .add("GET", "/v1/credit_notes", ({ engine, params, scope }) => {
      const invoice = optString(params, "invoice");
      const items = engine.store.list("credit_note", scope).filter((n) => !invoice || n.invoice === invoice);
      return listResponse(engine, items.map(renderCreditNote), params, "/v1/credit_notes", scope);
    })
    .add("GET", "/v1/credit_notes/:id", (ctx) => applyExpand(ctx.engine, renderCreditNote(getCreditNote(ctx, ctx.path.id ?? "")), ctx.params, ctx.scope))
    .add("POST", "/v1/credit_notes/:id", (ctx) => {
      rejectUnknown(ctx.params, ["memo", "metadata", "expand"]);
      const note = getCreditNote(ctx, ctx.path.id ?? "");
      const before = renderCreditNote(note);
      const memo = optNullableString(ctx.params, "memo");
      if (memo !== undefined) note.memo = memo;
      note.metadata = applyMetadata(note.metadata, ctx.params);
      ctx.engine.store.touch();
      const previous = previousAttributes(before, renderCreditNote(note));
      if (previous) ctx.engine.emit(ctx.scope, "credit_note.updated", renderCreditNote(note), previous);
      return applyExpand(ctx.engine, renderCreditNote(note), ctx.params, ctx.scope);
    })
    .add("POST", "/v1/credit_notes/:id/void", (ctx) => {
      rejectUnknown(ctx.params, ["expand"]);
      const note = getCreditNote(ctx, ctx.path.id ?? "");
      if (note.status === "void") throw invalidState("This credit note has already been voided.", "credit_note_already_voided");
      const invoice = ctx.engine.store.get("invoice", note.invoice, ctx.scope);
      if (invoice?.status !== "open") throw invalidState("A credit note can be voided only while its invoice is open.", "invoice_not_editable");
      note.status = "void";
      note.voided_at = ctx.engine.now();
      ctx.engine.store.touch();
      ctx.engine.emit(ctx.scope, "credit_note.voided", renderCreditNote(note));
      changeInvoice(ctx.engine, ctx.scope, invoice, "invoice.updated", (i) => (i.pre_payment_credited = (i.pre_payment_credited ?? 0) - note.amount));
      return applyExpand(ctx.engine, renderCreditNote(note), ctx.params, ctx.scope);
    });
}
