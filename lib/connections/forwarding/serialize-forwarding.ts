import "server-only";
import type { WebhookEndpoint } from "@/db/schema";
import { iso } from "@/lib/utils/iso";
import { stripeForwardingUrl } from "../availability";

/** A forwarding endpoint as the dashboard and the CLI show it: the URL and command, never the secret. */
export function serializeForwarding(e: WebhookEndpoint) {
  const url = stripeForwardingUrl(e.id);
  return {
    id: e.id,
    mode: e.mode,
    url,
    command: `stripe listen --forward-to ${url}`,
    /** Only the last characters of the `whsec_` (`whsec_…abcd`), so a developer can tell sessions apart. */
    secretHint: `whsec_…${e.secretHint ?? ""}`,
    lastDeliveryAt: iso(e.lastDeliveryAt),
    lastVerification: e.lastVerification,
    createdAt: e.createdAt.toISOString(),
  };
}

export type SerializedForwarding = ReturnType<typeof serializeForwarding>;
