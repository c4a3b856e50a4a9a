import "server-only";
import { fetchAccountState, markDisconnected, writeAccountState } from "@/lib/connections/refresh-connection";
import type { Apply, HandlerContext } from "./types";

/**
 * `account.updated` is a signal: the account is re-retrieved here, and the connections' single
 * writer records it in the event's transaction, so a worker that lost its lease writes nothing.
 * A deauthorization disconnects the connection, likewise only in that transaction.
 */
export async function prepareAccount(ctx: HandlerContext, deauthorized: boolean): Promise<Apply> {
  const { event, handle } = ctx;
  const connectionId = handle.connection.id;
  const source = { kind: "event" as const, ref: event.providerEventId };
  if (deauthorized) {
    return async (tx) => {
      await markDisconnected(tx, connectionId, source, undefined, "The account deauthorized Beacon's platform");
      ctx.log("connection marked disconnected");
      return { kind: "applied", note: "Connection disconnected (deauthorized)" };
    };
  }
  const state = await fetchAccountState(handle);
  ctx.log(state.gone ? `the provider no longer shows the account: ${state.reason}` : `provider says ${state.snapshot.status}`);
  return async (tx) => {
    const connection = await writeAccountState(tx, connectionId, source, state);
    ctx.log(`connection refreshed from the provider: ${connection.status}`);
    return { kind: "refetched", note: `Connection re-retrieved: ${connection.status}` };
  };
}
