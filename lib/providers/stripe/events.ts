import "server-only";
import Stripe from "stripe";
import { stripeClient } from "../clients";
import { changeStripeSubscription } from "./event-actions";
import { ProviderObjectNotFound, type EventsPort, type ListedEvent } from "../events-port";
import type { ConnectionHandle } from "../types";
import { stripeEventChanges, stripeObjectRefs, toSubscription } from "./event-map";
import { verifyStripeDelivery } from "./event-verify";

function connected(handle: ConnectionHandle) {
  const account = handle.connection.accountId;
  if (!account) throw new Error(`Stripe connection ${handle.connection.id} has no connected account yet`);
  return { client: stripeClient(handle.connection.mode), options: { stripeAccount: account } };
}

export const stripeEvents = {
  verifyDelivery: verifyStripeDelivery,
  eventObjectRefs: (rawBody) => stripeObjectRefs(JSON.parse(rawBody) as Stripe.Event),
  toEventChanges: (rawBody) => stripeEventChanges(JSON.parse(rawBody) as Stripe.Event),

  async retrieveSubscription(handle, ref) {
    const { client, options } = connected(handle);
    try {
      return toSubscription(await client.subscriptions.retrieve(ref.subscriptionId, {}, options));
    } catch (error) {
      // A missing account is also a 404 `resource_missing`, with `param: "account"`: not the object's.
      if (error instanceof Stripe.errors.StripeError && error.statusCode === 404 && error.param !== "account") {
        throw new ProviderObjectNotFound("stripe", "subscription", ref.subscriptionId);
      }
      throw error;
    }
  },

  async listSubscriptions(handle) {
    const { client, options } = connected(handle);
    const all = [];
    for await (const sub of client.subscriptions.list({ status: "all", limit: 100 }, options)) all.push(toSubscription(sub));
    return all;
  },

  async listEvents(handle, since) {
    const { client, options } = connected(handle);
    const listed: ListedEvent[] = [];
    const params = { created: { gte: Math.floor(since.getTime() / 1000) }, limit: 100 };
    for await (const event of client.events.list(params, options)) {
      // Listed through Stripe-Account, an event may omit `account`; delivered ones carry it.
      const body = { ...event, account: event.account ?? options.stripeAccount };
      listed.push({ providerEventId: event.id, type: event.type, providerCreatedAt: new Date(event.created * 1000), rawBody: JSON.stringify(body) });
    }
    return listed.reverse();
  },

  changeSubscription: changeStripeSubscription,
} satisfies EventsPort;
