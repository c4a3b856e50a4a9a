import "server-only";
import type { eventPage, invoicePage, subscriptionPage } from "@/db/queries/exports";
import type { CustomerTaxInfo } from "@/db/schema";
import type { ExportKind } from "@/lib/validations/revenue";
import { decimalAmount, type Cell } from "./csv";

// What each export holds, column by column: the header, and the cell of one row. The JSON
// export writes the same columns as an object per row, so both formats always agree.

type Row<F> = F extends (...args: never[]) => PromiseLike<(infer R)[]> ? R : never;
export interface Column<R> {
  header: string;
  cell: (row: R) => Cell;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Every tax id of the customer, `type:value` joined by `;` (Conekta's RFC as `mx_rfc:…`). */
function taxIds(info: CustomerTaxInfo | null): string | null {
  if (!info) return null;
  const ids = [...(info.rfc ? [`mx_rfc:${info.rfc}`] : []), ...(info.taxIds ?? []).map((t) => `${t.type}:${t.value}`)];
  return ids.length ? ids.join(";") : null;
}

const invoiceColumns: Column<Row<typeof invoicePage>>[] = [
  { header: "provider", cell: (r) => r.provider },
  { header: "invoice_id", cell: (r) => r.providerInvoiceId },
  { header: "number", cell: (r) => r.number },
  { header: "created_at", cell: (r) => iso(r.at) },
  { header: "status", cell: (r) => r.status },
  { header: "currency", cell: (r) => r.currency.toUpperCase() },
  { header: "subtotal", cell: (r) => decimalAmount(r.subtotal, r.currency) },
  { header: "tax", cell: (r) => decimalAmount(r.tax, r.currency) },
  { header: "total", cell: (r) => decimalAmount(r.total, r.currency) },
  { header: "tax_status", cell: (r) => r.taxStatus },
  // Each line `label=amount`, `;`-separated: Stripe Tax's rates, Conekta's IVA.
  { header: "tax_lines", cell: (r) => (r.taxLines ?? []).map((l) => `${l.label}=${decimalAmount(l.amount, r.currency)}`).join(";") || null },
  { header: "payment_method", cell: (r) => r.paymentMethod },
  { header: "attempts", cell: (r) => r.attemptCount },
  { header: "paid_at", cell: (r) => iso(r.paidAt) },
  { header: "period_start", cell: (r) => iso(r.periodStart) },
  { header: "period_end", cell: (r) => iso(r.periodEnd) },
  { header: "subscription_id", cell: (r) => r.providerSubscriptionId },
  { header: "customer_id", cell: (r) => r.providerCustomerId },
  { header: "customer_email", cell: (r) => r.customerEmail },
  { header: "customer_name", cell: (r) => r.customerName },
  { header: "customer_tax_ids", cell: (r) => taxIds(r.taxInfo) },
  { header: "customer_tax_regime", cell: (r) => r.taxInfo?.taxRegime ?? null },
  { header: "customer_postal_code", cell: (r) => r.taxInfo?.postalCode ?? null },
];

const subscriptionColumns: Column<Row<typeof subscriptionPage>>[] = [
  { header: "provider", cell: (r) => r.provider },
  { header: "subscription_id", cell: (r) => r.providerSubscriptionId },
  { header: "recorded_at", cell: (r) => iso(r.at) },
  { header: "status", cell: (r) => r.status },
  { header: "provider_status", cell: (r) => r.providerStatus },
  { header: "plan", cell: (r) => r.planCode },
  { header: "currency", cell: (r) => r.currency?.toUpperCase() ?? null },
  { header: "billing_cycle", cell: (r) => r.billingCycle },
  { header: "current_period_start", cell: (r) => iso(r.currentPeriodStart) },
  { header: "current_period_end", cell: (r) => iso(r.currentPeriodEnd) },
  { header: "cancel_at_period_end", cell: (r) => r.cancelAtPeriodEnd },
  { header: "canceled_at", cell: (r) => iso(r.canceledAt) },
  { header: "customer_id", cell: (r) => r.providerCustomerId },
  { header: "customer_email", cell: (r) => r.customerEmail },
  { header: "customer_tax_ids", cell: (r) => taxIds(r.taxInfo) },
];

const eventColumns: Column<Row<typeof eventPage>>[] = [
  { header: "provider", cell: (r) => r.provider },
  { header: "event_id", cell: (r) => r.providerEventId },
  { header: "type", cell: (r) => r.type },
  { header: "account", cell: (r) => r.account || null },
  { header: "provider_created_at", cell: (r) => iso(r.providerCreatedAt) },
  { header: "received_at", cell: (r) => iso(r.at) },
  { header: "status", cell: (r) => r.status },
  { header: "decision", cell: (r) => r.decision },
  { header: "decision_note", cell: (r) => r.decisionNote },
  { header: "attempts", cell: (r) => r.attempts },
  { header: "deliveries", cell: (r) => r.deliveries },
  { header: "processed_at", cell: (r) => iso(r.processedAt) },
  { header: "objects", cell: (r) => Object.entries(r.objectRefs).map(([k, v]) => `${k}:${v}`).join(";") || null },
];

export const exportColumns = { invoices: invoiceColumns, subscriptions: subscriptionColumns, events: eventColumns } satisfies Record<ExportKind, unknown>;
