import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { customers, type CustomerTaxInfo } from "@/db/schema";
import { connectionScope } from "@/lib/connections/load-connection";
import type { ConnectionHandle } from "@/lib/providers/types";

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
  const { connection } = input;
  const [row] = await tx
    .insert(customers)
    .values({
      ...connectionScope(connection),
      providerCustomerId: input.providerCustomerId,
      email: input.email ?? null,
      name: input.name ?? null,
      reference: input.reference ?? null,
      taxInfo: input.taxInfo ?? null,
    })
    .onConflictDoUpdate({
      target: [customers.connectionId, customers.providerCustomerId],
      set: {
        email: sql`coalesce(excluded.email, ${customers.email})`,
        name: sql`coalesce(excluded.name, ${customers.name})`,
        reference: sql`coalesce(excluded.reference, ${customers.reference})`,
        taxInfo: sql`coalesce(excluded.tax_info, ${customers.taxInfo})`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ id: customers.id });
  return row!.id;
}
