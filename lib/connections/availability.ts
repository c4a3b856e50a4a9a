import "server-only";
import type { Mode, Provider } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { env } from "@/lib/env";
import { traitsOf } from "@/lib/providers/traits";

export interface Availability {
  available: boolean;
  /** Why not, in words an operator can act on. */
  reason: string | null;
}

/**
 * Whether Beacon can connect a provider in a mode on this deployment: the offline sandbox only
 * emulates test mode, live mode needs Beacon's live Stripe key, and providers deliver live
 * events only to an HTTPS URL.
 */
export function providerAvailability(provider: Provider, mode: Mode): Availability {
  if (mode === "live" && env.sandbox) {
    return no(`Live ${traitsOf(provider).label} is unavailable: Beacon is running against the offline sandbox, which only emulates test mode. Configure real provider keys (STRIPE_LIVE_SECRET_KEY) and turn the sandbox off.`);
  }
  if (traitsOf(provider).needsPlatformKey && !env.stripeKeys[mode]) {
    return no(`Stripe ${mode} mode is not configured: set STRIPE_${mode.toUpperCase()}_SECRET_KEY (Beacon's platform key).`);
  }
  if (mode === "live" && !env.publicUrl.startsWith("https://")) {
    return no(`Live mode needs an HTTPS public URL for webhooks; BEACON_PUBLIC_URL is ${env.publicUrl}. Providers deliver live events only over HTTPS.`);
  }
  return { available: true, reason: null };
}

function no(reason: string): Availability {
  return { available: false, reason };
}

export function assertProviderAvailable(provider: Provider, mode: Mode): void {
  const { available, reason } = providerAvailability(provider, mode);
  if (!available) throw new DomainError("unavailable", reason!);
}

/** Where Stripe delivers: one route for the platform and Connect endpoints of both modes. */
export const stripeWebhookUrl = () => `${env.publicUrl}/api/webhooks/stripe`;

/** Where Conekta delivers for one connection: the id routes the delivery to its verification key. */
export const conektaWebhookUrl = (connectionId: string) => `${env.publicUrl}/api/webhooks/conekta/${connectionId}`;

/** Where a developer's `stripe listen --forward-to` sends: the id names the one forwarding endpoint and its secret. */
export const stripeForwardingUrl = (endpointId: string) => `${env.publicUrl}/api/webhooks/stripe/forward/${endpointId}`;

/** Stripe's onboarding return and refresh pages carry the organization and the connection. */
export function onboardingUrls(org: string, connectionId: string) {
  const query = `org=${encodeURIComponent(org)}&connection=${connectionId}`;
  return {
    returnUrl: `${env.publicUrl}/connect/stripe/return?${query}`,
    refreshUrl: `${env.publicUrl}/connect/stripe/refresh?${query}`,
  };
}
