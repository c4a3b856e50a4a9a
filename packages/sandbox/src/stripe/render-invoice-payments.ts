import type { InvoiceModel } from "./models-billing";

type Obj = Record<string, unknown>;

/** `invoice.payments`, an includable list: only present when expanded. */
export function renderInvoicePayments(inv: InvoiceModel): Obj {
  const data = inv.payment_intent
    ? [
        {
          id: `inpay_${inv.payment_intent.slice(3)}`,
          object: "invoice_payment",
          amount_paid: inv.status === "paid" ? inv.amount_paid : null,
          amount_requested: inv.total,
          created: inv.finalized_at ?? inv.created,
          currency: inv.currency,
          invoice: inv.id,
          is_default: true,
          livemode: false,
          payment: { payment_intent: inv.payment_intent, type: "payment_intent" },
          status: inv.status === "paid" ? "paid" : inv.status === "void" ? "canceled" : "open",
          status_transitions: { canceled_at: inv.voided_at, paid_at: inv.paid_at },
        },
      ]
    : [];
  return { object: "list", data, has_more: false, url: `/v1/invoice_payments?invoice=${inv.id}` };
}

