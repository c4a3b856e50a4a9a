import "server-only";
import { markDisconnected, pullConnectionFromProvider } from "@/lib/connections/refresh-connection";
import type { Apply, HandlerContext } from "./types";

/**
 * `account.updated` is a signal: the connection is refreshed from the provider by the
 * connections' single writer (in its own transaction). A deauthorization disconnects it.
 */
export async function prepareAccount(ctx: HandlerContext, deauthorized: boolean): Promise<Apply> {
  const { db, event, handle } = ctx;
  const source = { kind: "event" as const, ref: event.providerEventId };
  if (deauthorized) {
    await markDisconnected(db, handle.connection.id, source, undefined, "The account deauthorized Beacon's platform");
    ctx.log("connection marked disconnected");
    return async () => ({ kind: "applied", note: "Connection disconnected (deauthorized)" });
  }
  const connection = await pullConnectionFromProvider(db, handle.connection.id, source);
  ctx.log(`connection refreshed from the provider: ${connection.status}`);
  return async () => ({ kind: "refetched", note: `Connection re-retrieved: ${connection.status}` });
}
