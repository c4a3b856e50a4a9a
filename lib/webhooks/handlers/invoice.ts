import "server-only";
import { and, eq } from "drizzle-orm";
import { subscriptions } from "@/db/schema";
import { upsertCustomer } from "@/lib/customers/upsert-customer";
import { upsertInvoice } from "@/lib/invoices/upsert-invoice";
import { getAdapter } from "@/lib/providers";
import type { ProviderInvoice } from "@/lib/providers/events-port";
import type { ProviderSubscription } from "@/lib/providers/types";
import { writeSubscription } from "./subscription";
import type { Apply, HandlerContext } from "./types";

const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency.toUpperCase()}`;

/**
 * Records an invoice (Stripe) or paid/declined order (Conekta) with its tax. An invoice for a
 * subscription Beacon has not seen yet (its events are late or lost) re-fetches that
 * subscription so the invoice is linked, not orphaned.
 */
export async function prepareInvoice(ctx: HandlerContext, invoice: ProviderInvoice): Promise<Apply> {
  const { db, handle } = ctx;
  let missing: ProviderSubscription | null = null;
  if (invoice.providerSubscriptionId) {
    const [known] = await db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(and(eq(subscriptions.connectionId, handle.connection.id), eq(subscriptions.providerSubscriptionId, invoice.providerSubscriptionId)));
    if (!known) {
      ctx.log(`subscription ${invoice.providerSubscriptionId} not seen yet: re-fetching it`);
      missing = await getAdapter(handle.connection.provider).retrieveSubscription(handle, {
        subscriptionId: invoice.providerSubscriptionId,
        customerId: invoice.providerCustomerId,
      });
    }
  }
  return async (tx) => {
    if (missing) await writeSubscription(tx, ctx, missing, ctx.event.providerCreatedAt, true);
    const customerId = invoice.providerCustomerId
      ? await upsertCustomer(tx, { connection: handle.connection, providerCustomerId: invoice.providerCustomerId })
      : null;
    const [sub] = invoice.providerSubscriptionId
      ? await tx
          .select({ id: subscriptions.id })
          .from(subscriptions)
          .where(and(eq(subscriptions.connectionId, handle.connection.id), eq(subscriptions.providerSubscriptionId, invoice.providerSubscriptionId)))
      : [];
    await upsertInvoice(tx, { connection: handle.connection, invoice, subscriptionId: sub?.id ?? null, customerId });
    const summary = `Invoice ${invoice.providerInvoiceId} ${invoice.status}: ${money(invoice.total, invoice.currency)} incl. tax ${money(invoice.tax, invoice.currency)} (${invoice.taxStatus})`;
    ctx.log(summary);
    return { kind: missing ? "refetched" : "applied", note: summary };
  };
}
