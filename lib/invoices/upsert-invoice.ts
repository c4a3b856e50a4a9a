import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { invoices } from "@/db/schema";
import { connectionScope } from "@/lib/connections/load-connection";
import type { ProviderInvoice } from "@/lib/providers/events-port";
import type { ConnectionHandle } from "@/lib/providers/types";

export interface UpsertInvoiceInput {
  connection: ConnectionHandle["connection"];
  invoice: ProviderInvoice;
  subscriptionId: string | null;
  customerId: string | null;
}

// Invoice events arrive in any order; a status only moves forward (a late `invoice.created`
// never turns a paid invoice back into a draft). A failed attempt may still be paid later.
const rank = `case %s when 'draft' then 0 when 'open' then 1 when 'pending_payment' then 1 when 'failed' then 2
  when 'uncollectible' then 3 when 'paid' then 4 when 'void' then 4 when 'refunded' then 5 when 'partially_refunded' then 5 else 1 end`;
const rankOf = (column: string) => sql.raw(rank.replace("%s", column));

/** The single writer of invoices: one row per connection + provider invoice (Conekta: order). */
export async function upsertInvoice(tx: DbOrTx, input: UpsertInvoiceInput): Promise<{ invoiceId: string; created: boolean }> {
  const { connection, invoice: inv } = input;
  const forward = sql`${rankOf("excluded.status")} >= ${rankOf("invoices.status")}`;
  const [row] = await tx
    .insert(invoices)
    .values({
      ...connectionScope(connection),
      providerInvoiceId: inv.providerInvoiceId,
      subscriptionId: input.subscriptionId,
      customerId: input.customerId,
      status: inv.status,
      currency: inv.currency,
      subtotal: inv.subtotal,
      tax: inv.tax,
      total: inv.total,
      taxStatus: inv.taxStatus,
      paidAt: inv.paidAt,
      failedAt: inv.failedAt,
      firstFailedAt: inv.failedAt,
      attemptCount: inv.attemptCount,
      number: inv.number,
      taxLines: inv.taxLines,
      paymentMethod: inv.paymentMethod,
      periodStart: inv.periodStart,
      periodEnd: inv.periodEnd,
      providerCreatedAt: inv.providerCreatedAt,
    })
    .onConflictDoUpdate({
      target: [invoices.connectionId, invoices.providerInvoiceId],
      set: {
        status: sql`case when ${forward} then excluded.status else invoices.status end`,
        subtotal: sql`case when ${forward} then excluded.subtotal else invoices.subtotal end`,
        tax: sql`case when ${forward} then excluded.tax else invoices.tax end`,
        total: sql`case when ${forward} then excluded.total else invoices.total end`,
        taxStatus: sql`case when ${forward} then excluded.tax_status else invoices.tax_status end`,
        subscriptionId: sql`coalesce(invoices.subscription_id, excluded.subscription_id)`,
        customerId: sql`coalesce(invoices.customer_id, excluded.customer_id)`,
        paidAt: sql`coalesce(invoices.paid_at, excluded.paid_at)`,
        failedAt: sql`coalesce(excluded.failed_at, invoices.failed_at)`,
        // Events arrive in any order: the first failure is the earliest seen, attempts the most seen.
        firstFailedAt: sql`least(invoices.first_failed_at, excluded.first_failed_at)`,
        attemptCount: sql`greatest(invoices.attempt_count, excluded.attempt_count)`,
        number: sql`coalesce(excluded.number, invoices.number)`,
        taxLines: sql`case when ${forward} then excluded.tax_lines else invoices.tax_lines end`,
        paymentMethod: sql`coalesce(excluded.payment_method, invoices.payment_method)`,
        periodStart: sql`coalesce(excluded.period_start, invoices.period_start)`,
        periodEnd: sql`coalesce(excluded.period_end, invoices.period_end)`,
      },
    })
    .returning({ id: invoices.id, inserted: sql<boolean>`(xmax = 0)` });
  return { invoiceId: row!.id, created: row!.inserted };
}
