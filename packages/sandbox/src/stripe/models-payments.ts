// Models of the payments side that the store's Models map does not list: refunds, disputes
// and Connect transfers. Declaration merging adds them to the map without editing store.ts.

export interface RefundModel {
  id: string;
  created: number;
  amount: number;
  currency: string;
  charge: string;
  payment_intent: string | null;
  reason: string | null;
  status: "succeeded" | "pending" | "failed" | "canceled";
  metadata: Record<string, string>;
}

export interface DisputeModel {
  id: string;
  created: number;
  amount: number;
  currency: string;
  charge: string;
  payment_intent: string | null;
  reason: string;
  status: "warning_needs_response" | "needs_response" | "under_review" | "won" | "lost";
  evidence: Record<string, string>;
  metadata: Record<string, string>;
}

export interface TransferModel {
  id: string;
  created: number;
  amount: number;
  currency: string;
  destination: string;
  description: string | null;
  source_transaction: string | null;
  transfer_group: string | null;
  amount_reversed: number;
  metadata: Record<string, string>;
}

declare module "../store" {
  interface Models {
    refund: RefundModel;
    dispute: DisputeModel;
    transfer: TransferModel;
  }
}
