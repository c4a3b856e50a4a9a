import "server-only";
import { CustomersApi, EventsApi, SubscriptionsApi, type SubscriptionResponse } from "conekta";
import { conektaConfig } from "../clients";
import { changeConektaSubscription } from "./event-actions";
import { ProviderObjectNotFound, type EventsPort, type ListedEvent } from "../events-port";
import { isNotFound } from "./account-errors";
import type { ConnectionHandle, ProviderSubscription } from "../types";
import { conektaEventChanges, conektaObjectRefs, toSubscription, type ConektaEvent } from "./event-map";
import { verifyConektaDelivery } from "./event-verify";

const PAGE = 250;

function config(handle: ConnectionHandle) {
  if (!handle.credential) throw new Error(`Conekta connection ${handle.connection.id} has no private key`);
  return conektaConfig(handle.credential);
}

/** Conekta pages with `next` = the last id seen. */
async function pages<T extends { id?: string }>(fetchPage: (next?: string) => Promise<{ data?: T[]; has_more: boolean }>, keepGoing: (item: T) => boolean = () => true) {
  const all: T[] = [];
  let next: string | undefined;
  for (;;) {
    const page = await fetchPage(next);
    const data = page.data ?? [];
    for (const item of data) {
      if (!keepGoing(item)) return all;
      all.push(item);
    }
    const last = data.at(-1)?.id;
    if (!page.has_more || !last) return all;
    next = last;
  }
}

export const conektaEvents = {
  verifyDelivery: verifyConektaDelivery,
  eventObjectRefs: (rawBody) => conektaObjectRefs(JSON.parse(rawBody) as ConektaEvent),
  toEventChanges: (rawBody) => conektaEventChanges(JSON.parse(rawBody) as ConektaEvent),

  async retrieveSubscription(handle, ref) {
    if (!ref.customerId) throw new Error(`Conekta subscription ${ref.subscriptionId}: its customer id is needed to retrieve it`);
    const api = new SubscriptionsApi(config(handle));
    try {
      return toSubscription((await api.subscriptionsGet(ref.customerId, ref.subscriptionId, "en")).data);
    } catch (error) {
      if (isNotFound(error)) throw new ProviderObjectNotFound("conekta", "subscription", ref.subscriptionId);
      throw error;
    }
  },

  async listSubscriptions(handle) {
    const cfg = config(handle);
    const customers = await pages((next) => new CustomersApi(cfg).getCustomers("en", undefined, PAGE, undefined, next).then((r) => r.data));
    const subscriptions = new SubscriptionsApi(cfg);
    const all: ProviderSubscription[] = [];
    for (const customer of customers) {
      // The SDK types the list as one subscription; the API answers a paged list.
      const list = (await subscriptions.subscriptionList(customer.id, "en", undefined, PAGE)).data as unknown as { data?: SubscriptionResponse[] };
      for (const sub of list.data ?? []) all.push(toSubscription(sub));
    }
    return all;
  },

  async listEvents(handle, since) {
    const api = new EventsApi(config(handle));
    const floor = since.getTime() / 1000;
    // Newest first: stop at the first event older than `since`.
    const events = await pages(
      (next) => api.getEvents("en", undefined, PAGE, undefined, next).then((r) => r.data),
      (e) => (e.created_at ?? 0) >= floor,
    );
    return events
      .map(
        (e): ListedEvent => ({
          providerEventId: e.id!,
          type: e.type!,
          providerCreatedAt: new Date((e.created_at ?? 0) * 1000),
          rawBody: JSON.stringify(e),
        }),
      )
      .reverse();
  },

  changeSubscription: changeConektaSubscription,
} satisfies EventsPort;
