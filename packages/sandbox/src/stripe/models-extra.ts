import type { Metadata } from "../http/params";

// Kinds added for the Stripe CLI's trigger fixtures (setup intents, coupons, tax rates, payouts),
// registered with the store's model map by declaration merging like models-augment.ts.

export interface SetupIntentModel {
  id: string;
  created: number;
  customer: string | null;
  description: string | null;
  payment_method: string | null;
  payment_method_types: string[];
  status: "requires_payment_method" | "requires_confirmation" | "requires_action" | "succeeded" | "canceled";
  usage: "off_session" | "on_session";
  cancellation_reason: string | null;
  last_setup_error: { code: string; decline_code: string | null; message: string; type: string } | null;
  client_secret: string;
  metadata: Metadata;
}

export interface CouponModel {
  id: string;
  created: number;
  amount_off: number | null;
  currency: string | null;
  percent_off: number | null;
  duration: "once" | "repeating" | "forever";
  duration_in_months: number | null;
  max_redemptions: number | null;
  redeem_by: number | null;
  name: string | null;
  metadata: Metadata;
}

export interface TaxRateModel {
  id: string;
  created: number;
  active: boolean;
  display_name: string;
  description: string | null;
  inclusive: boolean;
  percentage: number;
  country: string | null;
  state: string | null;
  jurisdiction: string | null;
  tax_type: string | null;
  metadata: Metadata;
}

export interface PayoutModel {
  id: string;
  created: number;
  amount: number;
  currency: string;
  arrival_date: number;
  description: string | null;
  statement_descriptor: string | null;
  method: "standard" | "instant";
  status: "pending" | "in_transit" | "paid" | "failed" | "canceled";
  metadata: Metadata;
}

export interface CreditNoteLineModel {
  id: string;
  description: string | null;
  quantity: number;
  unit_amount: number;
  amount: number;
}

export interface CreditNoteModel {
  id: string;
  created: number;
  invoice: string;
  customer: string;
  currency: string;
  number: string;
  lines: CreditNoteLineModel[];
  amount: number;
  memo: string | null;
  reason: string | null;
  status: "issued" | "void";
  voided_at: number | null;
  metadata: Metadata;
}

declare module "../store" {
  interface Models {
    setup_intent: SetupIntentModel;
    coupon: CouponModel;
    tax_rate: TaxRateModel;
    payout: PayoutModel;
    credit_note: CreditNoteModel;
  }
}
