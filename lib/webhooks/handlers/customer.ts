import "server-only";
import { upsertCustomer } from "@/lib/customers/upsert-customer";
import type { ProviderCustomer } from "@/lib/providers/events-port";
import type { Apply, HandlerContext } from "./types";

export async function prepareCustomer(ctx: HandlerContext, customer: ProviderCustomer): Promise<Apply> {
  return async (tx) => {
    await upsertCustomer(tx, { connection: ctx.handle.connection, ...customer });
    ctx.log(`customer ${customer.providerCustomerId} recorded`);
    return { kind: "applied", note: `Customer ${customer.providerCustomerId} recorded` };
  };
}
