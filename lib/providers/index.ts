import "server-only";
import type { Provider } from "@/db/schema";
import type { CheckoutsPort } from "./checkouts-port";
import { conektaAdapter } from "./conekta";
import type { ConnectionsPort } from "./connections-port";
import type { EventsPort } from "./events-port";
import { stripeAdapter } from "./stripe";

/** Everything Beacon asks of a provider, assembled from one port per domain. */
export type ProviderAdapter = { provider: Provider } & ConnectionsPort & CheckoutsPort & EventsPort;

const adapters: Record<Provider, ProviderAdapter> = { stripe: stripeAdapter, conekta: conektaAdapter };

export function getAdapter(provider: Provider): ProviderAdapter {
  return adapters[provider];
}
