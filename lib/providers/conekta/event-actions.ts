import "server-only";
import { SubscriptionsApi } from "conekta";
import { conektaConfig } from "../clients";
import type { SubscriptionAction, SubscriptionRef } from "../events-port";
import type { ConnectionHandle } from "../types";
import { toSubscription } from "./event-map";

/**
 * Conekta's subscription actions (API 2.3): pause, resume and cancel are their own calls; a plan
 * change is an update whose new plan is charged from the next cycle. Conekta has no cancel at
 * period end.
 */
export async function changeConektaSubscription(handle: ConnectionHandle, ref: SubscriptionRef, action: SubscriptionAction) {
  if (!handle.credential) throw new Error(`Conekta connection ${handle.connection.id} has no private key`);
  if (!ref.customerId) throw new Error(`Conekta subscription ${ref.subscriptionId}: its customer id is needed`);
  const api = new SubscriptionsApi(conektaConfig(handle.credential));
  const { customerId, subscriptionId } = ref;
  switch (action.kind) {
    case "pause":
      return toSubscription((await api.subscriptionPause(customerId, subscriptionId, "en")).data);
    case "resume":
      return toSubscription((await api.subscriptionResume(customerId, subscriptionId, "en")).data);
    case "cancel":
      if (action.atPeriodEnd) throw new Error("Conekta cannot cancel at the end of the period");
      return toSubscription((await api.subscriptionCancel(customerId, subscriptionId, "en")).data);
    case "change_plan":
      return toSubscription((await api.subscriptionUpdate(customerId, subscriptionId, { plan_id: action.priceRef }, "en")).data);
  }
}
