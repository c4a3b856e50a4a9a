import "server-only";
import type { Tx } from "@/db";
import { getAdapter } from "@/lib/providers";
import { prepareAccount } from "./account";
import { prepareCheckout } from "./checkout";
import { prepareCustomer } from "./customer";
import { prepareInvoice } from "./invoice";
import { prepareSubscription } from "./subscription";
import { decided, type Apply, type Decision, type DecisionKind, type HandlerContext } from "./types";

// The event's recorded decision is its most consequential one.
const precedence: DecisionKind[] = ["refetched", "applied", "duplicate", "stale_skipped", "ignored"];

/** Maps an event to its domain changes and prepares each (provider calls happen here). */
export async function prepareEvent(ctx: HandlerContext): Promise<(tx: Tx) => Promise<Decision>> {
  const changes = getAdapter(ctx.event.provider).toEventChanges(ctx.event.rawBody);
  const applies: Apply[] = [];
  for (const change of changes) {
    switch (change.kind) {
      case "subscription":
        applies.push(await prepareSubscription(ctx, change.subscription));
        break;
      case "checkout":
        applies.push(await prepareCheckout(ctx, change.providerCheckoutId));
        break;
      case "invoice":
        applies.push(await prepareInvoice(ctx, change.invoice));
        break;
      case "customer":
        applies.push(await prepareCustomer(ctx, change.customer));
        break;
      case "account":
        applies.push(await prepareAccount(ctx, change.deauthorized));
        break;
      case "ignored":
        ctx.log(change.reason);
        applies.push(decided("ignored", change.reason));
        break;
    }
  }
  return async (tx) => {
    const decisions: Decision[] = [];
    for (const apply of applies) decisions.push(await apply(tx));
    const kind = precedence.find((k) => decisions.some((d) => d.kind === k)) ?? "ignored";
    return { kind, note: decisions.map((d) => d.note).join("; ") };
  };
}
