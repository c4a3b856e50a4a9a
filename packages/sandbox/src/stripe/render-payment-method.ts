import type { InvoiceModel } from "./models-billing";
import type { PaymentMethodModel } from "./models";

type Obj = Record<string, unknown>;

// A card PaymentMethod, so `expand[]=default_payment_method` (subscriptions, customers'
// invoice settings) has an object to expand to.
export function renderPaymentMethod(pm: PaymentMethodModel): Obj {
  return {
    id: pm.id,
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: { address: null, email: pm.email, name: null, phone: null, tax_id: null },
    card: {
      brand: pm.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
      country: "US",
      display_brand: pm.brand,
      exp_month: pm.exp_month,
      exp_year: pm.exp_year,
      funding: "credit",
      generated_from: null,
      last4: pm.last4,
      networks: { available: [pm.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: pm.created,
    customer: pm.customer,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: "card",
  };
}

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

