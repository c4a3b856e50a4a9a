import type { SandboxEngine } from "../engine";
import type { PaymentMethodModel } from "./models";
import type { ChargeModel, PaymentIntentModel } from "./models-billing";
import type { DisputeModel, RefundModel, TransferModel } from "./models-payments";

type Obj = Record<string, unknown>;

export function renderPaymentIntent(pi: PaymentIntentModel): Obj {
  return {
    id: pi.id,
    object: "payment_intent",
    amount: pi.amount,
    amount_capturable: pi.status === "requires_capture" ? pi.amount : 0,
    amount_details: { tip: {} },
    amount_received: pi.status === "succeeded" ? (pi.amount_received ?? pi.amount) : 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: pi.canceled_at ?? null,
    cancellation_reason: pi.cancellation_reason ?? null,
    capture_method: pi.capture_method ?? "automatic",
    client_secret: `${pi.id}_secret_${pi.id.slice(3, 15)}`,
    confirmation_method: "automatic",
    created: pi.created,
    currency: pi.currency,
    customer: pi.customer,
    customer_account: null,
    description: pi.description,
    excluded_payment_method_types: null,
    allowed_payment_method_types: ["card"],
    last_payment_error: pi.last_payment_error
      ? {
          ...pi.last_payment_error,
          doc_url: `https://stripe.com/docs/error-codes/${pi.last_payment_error.code.replace(/_/g, "-")}`,
          payment_method: pi.payment_method ? { id: pi.payment_method, object: "payment_method" } : null,
          type: "card_error",
        }
      : null,
    latest_charge: pi.latest_charge,
    livemode: false,
    managed_payments: null,
    metadata: pi.metadata ?? {},
    next_action: pi.status === "requires_action" ? nextAction(pi) : null,
    on_behalf_of: null,
    payment_method: pi.status === "requires_payment_method" && pi.last_payment_error ? null : pi.status === "succeeded" || pi.capture_method ? pi.payment_method : null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: "automatic" } },
    payment_method_types: pi.payment_method_types ?? ["card"],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: pi.capture_method ? null : "off_session",
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: pi.status,
    transfer_data: pi.transfer_data ?? null,
    transfer_group: null,
  };
}

export function renderCharge(engine: SandboxEngine, ch: ChargeModel): Obj {
  const ok = ch.status === "succeeded";
  const captured = ok && (ch.captured ?? true);
  const refunded = ch.amount_refunded ?? 0;
  const type = ch.payment_method_type ?? "card";
  return {
    id: ch.id,
    object: "charge",
    amount: ch.amount,
    amount_captured: captured ? (ch.amount_captured ?? ch.amount) : 0,
    amount_refunded: refunded,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: captured ? `txn_${ch.id.slice(3)}` : null,
    billing_details: { address: null, email: ch.billing_email, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: "BEACON SANDBOX",
    captured,
    created: ch.created,
    currency: ch.currency,
    customer: ch.customer,
    description: ch.description,
    disputed: Boolean(ch.dispute),
    failure_balance_transaction: null,
    failure_code: ch.failure_code,
    failure_message: ch.failure_message,
    fraud_details: {},
    livemode: false,
    metadata: ch.metadata ?? {},
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: ok ? "approved_by_network" : "declined_by_network",
      reason: ok ? null : "generic_decline",
      risk_level: "normal",
      seller_message: ok ? "Payment complete." : "The bank did not return any further details with this decline.",
      type: ok ? "authorized" : "issuer_declined",
    },
    paid: ok,
    payment_intent: ch.payment_intent || null,
    payment_method: ch.payment_method,
    payment_method_details: type !== "card" ? { type, [type]: { last4: ch.last4 } } : {
      card: {
        brand: ch.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
        country: "US",
        exp_month: ch.exp_month,
        exp_year: ch.exp_year,
        funding: "credit",
        last4: ch.last4,
        network: ch.brand,
        // Fields 2026-10-28 declares on every card charge; a plain test card leaves them empty.
        amount_authorized: ok ? ch.amount : null,
        authorization_code: ok ? "123456" : null,
        electronic_commerce_indicator: null,
        installments: null,
        mandate: null,
        network_transaction_id: ok ? `sandbox_ntid_${ch.id.slice(3)}` : null,
        regulated_status: "unregulated",
        three_d_secure: null,
        transaction_link_id: null,
        wallet: null,
      },
      type: "card",
    },
    receipt_email: null,
    receipt_number: null,
    receipt_url: ok ? `${engine.baseUrl}/receipts/${ch.id}` : null,
    refunded: refunded > 0 && refunded >= ch.amount,
    refunds: { object: "list", data: [], has_more: false, url: `/v1/charges/${ch.id}/refunds` },
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: ch.status,
    transfer_data: null,
    transfer_group: null,
  };
}

function nextAction(pi: PaymentIntentModel): Obj {
  if (pi.payment_method_types?.includes("customer_balance")) {
    return {
      type: "display_bank_transfer_instructions",
      display_bank_transfer_instructions: { amount_remaining: pi.amount, currency: pi.currency, financial_addresses: [], hosted_instructions_url: null, reference: pi.id.slice(3, 13).toUpperCase(), type: "jp_bank_transfer" },
    };
  }
  return {
    type: "use_stripe_sdk",
    use_stripe_sdk: { type: "three_d_secure_redirect", stripe_js: `https://hooks.stripe.com/3d_secure_2/hosted?payment_intent=${pi.id}`, source: `src_${pi.id.slice(3)}` },
  };
}

export function renderPaymentMethod(pm: PaymentMethodModel): Obj {
  const type = pm.type ?? "card";
  const details: Obj =
    type === "card"
      ? {
          card: {
            brand: pm.brand, checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
            country: "US", display_brand: pm.brand, exp_month: pm.exp_month, exp_year: pm.exp_year,
            fingerprint: pm.id.slice(3, 19), funding: "credit", generated_from: null, last4: pm.last4,
            networks: { available: [pm.brand], preferred: null }, regulated_status: "unregulated",
            three_d_secure_usage: { supported: true }, wallet: null,
          },
        }
      : { [type]: { last4: pm.last4, fingerprint: pm.id.slice(3, 19) } };
  return {
    id: pm.id, object: "payment_method", allow_redisplay: "unspecified",
    billing_details: { address: null, email: pm.email, name: null, phone: null, tax_id: null },
    created: pm.created, customer: pm.customer, customer_account: null, livemode: false,
    metadata: pm.metadata ?? {}, type, ...details,
  };
}

export function renderRefund(r: RefundModel): Obj {
  return {
    id: r.id, object: "refund", amount: r.amount, balance_transaction: `txn_${r.id.slice(3)}`, charge: r.charge,
    created: r.created, currency: r.currency, destination_details: { card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" }, type: "card" },
    metadata: r.metadata, payment_intent: r.payment_intent, reason: r.reason, receipt_number: null,
    source_transfer_reversal: null, status: r.status, transfer_reversal: null,
  };
}

export function renderDispute(d: DisputeModel): Obj {
  return {
    id: d.id, object: "dispute", amount: d.amount, balance_transactions: [], charge: d.charge, created: d.created, currency: d.currency,
    enhanced_eligibility_types: [], evidence: { ...d.evidence },
    evidence_details: { due_by: d.created + 7 * 86400, enhanced_eligibility: {}, has_evidence: Object.keys(d.evidence).length > 0, past_due: false, submission_count: 0 },
    is_charge_refundable: false, livemode: false, metadata: d.metadata, payment_intent: d.payment_intent,
    payment_method_details: { card: { brand: "visa", case_type: "chargeback", network_reason_code: "10.4" }, type: "card" },
    reason: d.reason, status: d.status,
  };
}

export function renderTransfer(t: TransferModel): Obj {
  return {
    id: t.id, object: "transfer", amount: t.amount, amount_reversed: t.amount_reversed, balance_transaction: `txn_${t.id.slice(3)}`,
    created: t.created, currency: t.currency, description: t.description, destination: t.destination,
    destination_payment: `py_${t.id.slice(3)}`, livemode: false, metadata: t.metadata,
    reversals: { object: "list", data: [], has_more: false, total_count: 0, url: `/v1/transfers/${t.id}/reversals` },
    reversed: t.amount_reversed >= t.amount && t.amount > 0, source_transaction: t.source_transaction, source_type: "card", transfer_group: t.transfer_group,
  };
}
