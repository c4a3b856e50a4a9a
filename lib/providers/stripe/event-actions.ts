import "server-only";
import { stripeClient } from "../clients";
import type { SubscriptionAction, SubscriptionRef } from "../events-port";
import type { ConnectionHandle } from "../types";
import { toSubscription } from "./event-map";

/**
 * Stripe's ways to act on a subscription: pausing is `pause_collection` (invoices are voided
 * while paused; Stripe keeps the status `active`), cancelling is immediate or at period end, and
 * a plan change swaps the item's price with proration.
 */
export async function changeStripeSubscription(handle: ConnectionHandle, ref: SubscriptionRef, action: SubscriptionAction) {
  const account = handle.connection.accountId;
  if (!account) throw new Error(`Stripe connection ${handle.connection.id} has no connected account yet`);
  const stripe = stripeClient(handle.connection.mode);
  const options = { stripeAccount: account };
  const id = ref.subscriptionId;
  switch (action.kind) {
    case "pause":
      return toSubscription(await stripe.subscriptions.update(id, { pause_collection: { behavior: "void" } }, options));
    case "resume":
      return toSubscription(await stripe.subscriptions.update(id, { pause_collection: "" }, options));
    case "cancel":
      return toSubscription(
        action.atPeriodEnd ? await stripe.subscriptions.update(id, { cancel_at_period_end: true }, options) : await stripe.subscriptions.cancel(id, {}, options),
      );
    case "change_plan": {
      const current = await stripe.subscriptions.retrieve(id, {}, options);
      const item = current.items.data[0];
      if (!item) throw new Error(`Stripe subscription ${id} has no item to change`);
      const updated = await stripe.subscriptions.update(id, { items: [{ id: item.id, price: action.priceRef }], proration_behavior: "create_prorations" }, options);
      return toSubscription(updated);
    }
  }
}
