import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { customers, type CustomerTaxInfo } from "@/db/schema";
import { insertJson } from "@/db/queries/insert-json";
import { connectionScope } from "@/lib/connections/load-connection";
import type { ConnectionHandle } from "@/lib/providers/types";
import { findCustomerIds, refKey } from "@/lib/subscriptions/resolve-subscription-refs";

export interface UpsertCustomerInput {
  connection: ConnectionHandle["connection"];
  providerCustomerId: string;
  email?: string | null;
  name?: string | null;
  reference?: string | null;
  taxInfo?: CustomerTaxInfo | null;
}

/**
 * The single writer of customers: one row per connection + provider customer id. Fields the
 * caller does not know (null/undefined) keep what an earlier event or checkout recorded, so a
 * sparse event never erases data. Returns Beacon's customer id.
 */
export async function upsertCustomer(tx: DbOrTx, input: UpsertCustomerInput): Promise<string> {
  const ids = await upsertCustomers(tx, [input]);
  return ids.get(refKey(input.connection.id, input.providerCustomerId))!;
}

/**
 * The same for many customers in one statement; ids by `refKey(connection id, provider customer
 * id)`. Inputs naming one customer twice merge (a later known field wins). Rows are written in
 * key order, so two writers upserting overlapping sets lock them in the same order.
 */
export async function upsertCustomers(tx: DbOrTx, inputs: UpsertCustomerInput[]): Promise<Map<string, string>> {
  const merged = new Map<string, UpsertCustomerInput>();
  for (const input of inputs) {
    const key = refKey(input.connection.id, input.providerCustomerId);
    const before = merged.get(key);
    merged.set(key, before ? { ...before, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)) } : input);
  }
  if (merged.size === 0) return new Map();
  // The insert locks every row it names, in key order, and rewrites an existing one only when a
  // field is given (a subscription event names its customer by id alone); the select then reads
  // every id, new or not.
  const rows = [...merged.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, input]) => ({
      ...connectionScope(input.connection),
      providerCustomerId: input.providerCustomerId,
      email: input.email ?? null,
      name: input.name ?? null,
      reference: input.reference ?? null,
      taxInfo: input.taxInfo ?? null,
    }));
  await tx.execute(
    insertJson(
      customers,
      rows,
      sql`on conflict (connection_id, provider_customer_id) do update set
        email = coalesce(excluded.email, ${customers.email}), name = coalesce(excluded.name, ${customers.name}),
        reference = coalesce(excluded.reference, ${customers.reference}), tax_info = coalesce(excluded.tax_info, ${customers.taxInfo}), updated_at = now()
      where excluded.email is not null or excluded.name is not null or excluded.reference is not null or excluded.tax_info is not null`,
    ),
  );
  return findCustomerIds(tx, [...merged.values()].map((input) => ({ connectionId: input.connection.id, ref: input.providerCustomerId })));
}
