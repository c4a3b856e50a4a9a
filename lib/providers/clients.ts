import "server-only";
import { Configuration } from "conekta";
import Stripe from "stripe";
import type { Mode } from "@/db/schema";
import { ProviderError } from "@/lib/errors";
import { env } from "@/lib/env";
import { recordProviderCall } from "@/lib/observability/metrics/provider-calls";
import { boundedFetch } from "./call-bounds";
import { STRIPE_API_VERSION } from "./stripe/api-version";

// The only place SDK clients are made. With the sandbox on, both official SDKs talk HTTP to it
// (Stripe at its origin, since the SDK has no base path; Conekta under /conekta); otherwise to
// the real APIs. Nothing else in Beacon knows which.

export { STRIPE_API_VERSION };

const stripeClients = new Map<Mode, Stripe>();

/** Beacon's platform client for a mode; connected accounts are reached with `stripeAccount`. */
export function stripeClient(mode: Mode): Stripe {
  const cached = stripeClients.get(mode);
  if (cached) return cached;
  const key = env.stripeKeys[mode];
  if (!key) {
    throw new ProviderError(
      "stripe",
      "provider_unavailable",
      mode === "live"
        ? "Stripe live mode needs Beacon's live platform key (STRIPE_LIVE_SECRET_KEY); the sandbox only emulates test mode."
        : "Stripe is not configured: set STRIPE_TEST_SECRET_KEY or run with the sandbox (BEACON_SANDBOX=on).",
    );
  }
  const target = env.sandbox ? new URL(env.sandbox.url) : null;
  const client = new Stripe(key, {
    apiVersion: STRIPE_API_VERSION as Stripe.LatestApiVersion,
    // Bounded by boundedFetch: each attempt, and all of an API request's calls together.
    httpClient: Stripe.createFetchHttpClient(boundedFetch("stripe")),
    maxNetworkRetries: 2,
    timeout: env.BEACON_PROVIDER_TIMEOUT_MS,
    appInfo: { name: "Beacon" },
    ...(target && {
      host: target.hostname,
      port: Number(target.port || (target.protocol === "https:" ? 443 : 80)),
      protocol: target.protocol.replace(":", "") as "http" | "https",
    }),
  });
  // Latency and status of every API call, for /api/metrics (network failures emit no response).
  client.on("response", (r: Stripe.ResponseEvent) => recordProviderCall({ provider: "stripe", method: r.method, path: r.path, status: r.status, durationMs: r.elapsed }));
  stripeClients.set(mode, client);
  return client;
}

/** A Conekta SDK configuration for one merchant's private key. */
export function conektaConfig(privateKey: string): Configuration {
  return new Configuration({
    accessToken: privateKey,
    basePath: env.sandbox ? `${env.sandbox.url}/conekta` : "https://api.conekta.io",
    // The SDK's axios runs on its fetch adapter with a fetch that times each call for /api/metrics
    // and bounds it (per attempt, per API request, per account: call-bounds.ts).
    baseOptions: { adapter: "fetch", env: { fetch: boundedFetch("conekta") } },
  });
}
